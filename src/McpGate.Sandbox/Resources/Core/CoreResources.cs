using System.Globalization;
using System.Text.Json.Nodes;
using McpGate.Sandbox.Objects;

namespace McpGate.Sandbox.Resources.Core;

/// <summary>Core (v1) data types with no controller: configmaps, secrets, services, service accounts, claims, events, nodes.</summary>
internal static class CoreResources
{
    private static readonly TableColumn s_name = new("Name", "string", "name", "Name must be unique within a namespace.");
    private static readonly TableColumn s_age = new("Age", "string", string.Empty, "CreationTimestamp is a timestamp representing the server time when this object was created.");

    public static ResourceDefinition ConfigMaps { get; } = Core("configmaps", "ConfigMap", ["cm"], new TabularBehavior(
        [s_name, new("Data", "integer", string.Empty, "Number of data entries"), s_age],
        (o, now) => [TabularBehavior.NameOf(o), Count(o, "data") + Count(o, "binaryData"), TabularBehavior.AgeOf(o, now)]));

    public static ResourceDefinition Secrets { get; } = Core("secrets", "Secret", [], new TabularBehavior(
        [s_name, new("Type", "string", string.Empty, "The type of the secret"), new("Data", "integer", string.Empty, "Number of data entries"), s_age],
        (o, now) => [TabularBehavior.NameOf(o), JsonFields.String(o, "type") ?? "Opaque", Count(o, "data"), TabularBehavior.AgeOf(o, now)],
        o =>
        {
            o["type"] ??= "Opaque";
            if (o["stringData"] is JsonObject stringData)
            {
                var data = JsonFields.Object(o, "data");
                foreach (var (key, value) in stringData)
                {
                    data[key] = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes((string?)value ?? string.Empty));
                }

                o.Remove("stringData");
            }
        }));

    public static ResourceDefinition ServiceAccounts { get; } = Core("serviceaccounts", "ServiceAccount", ["sa"], new TabularBehavior(
        [s_name, new("Secrets", "string", string.Empty, "Secrets is the list of secrets allowed to be used by pods running using this ServiceAccount"), s_age],
        (o, now) => [TabularBehavior.NameOf(o), Count(o, "secrets"), TabularBehavior.AgeOf(o, now)]));

    public static ResourceDefinition PersistentVolumeClaims { get; } = Core("persistentvolumeclaims", "PersistentVolumeClaim", ["pvc"], new PersistentVolumeClaimBehavior());

    public static ResourceDefinition Services { get; } = Core("services", "Service", ["svc"], new TabularBehavior(
        [s_name, new("Type", "string", string.Empty, "The type of the service"), new("Cluster-IP", "string", string.Empty, "The cluster IP"),
         new("External-IP", "string", string.Empty, "External IPs"), new("Port(s)", "string", string.Empty, "The ports"), s_age,
         new("Selector", "string", string.Empty, "The selector", 1)],
        (o, now) =>
        [
            TabularBehavior.NameOf(o), JsonFields.String(o, "spec", "type") ?? "ClusterIP", JsonFields.String(o, "spec", "clusterIP") ?? "<none>", "<none>",
            Ports(o), TabularBehavior.AgeOf(o, now), Selector(o),
        ],
        o =>
        {
            var spec = JsonFields.Object(o, "spec");
            spec["type"] ??= "ClusterIP";
            spec["sessionAffinity"] ??= "None";
            if (spec["clusterIP"] is null)
            {
                var hash = (uint)string.GetHashCode(JsonFields.String(o, "metadata", "name") ?? string.Empty, StringComparison.Ordinal);
                var ip = $"10.96.{(hash >> 8) % 250}.{(hash % 250) + 2}";
                spec["clusterIP"] = ip;
                spec["clusterIPs"] = new JsonArray(ip);
            }

            foreach (var port in (spec["ports"] as JsonArray ?? []).OfType<JsonObject>())
            {
                port["protocol"] ??= "TCP";
                port["targetPort"] ??= port["port"]?.DeepClone();
            }
        }),
        ["all"]);

    public static ResourceDefinition Events { get; } = Core("events", "Event", ["ev"], new TabularBehavior(
        [new("Last Seen", "string", string.Empty, "Time of last occurrence"), new("Type", "string", string.Empty, "Normal or Warning"),
         new("Reason", "string", string.Empty, "Why"), new("Object", "string", string.Empty, "Involved object"), new("Message", "string", string.Empty, "What happened")],
        (o, now) =>
        [
            Timestamps.HumanAge(Timestamps.Parse(JsonFields.String(o, "lastTimestamp") ?? JsonFields.String(o, "metadata", "creationTimestamp")), now),
            JsonFields.String(o, "type") ?? "Normal", JsonFields.String(o, "reason") ?? string.Empty,
            $"{(JsonFields.String(o, "involvedObject", "kind") ?? string.Empty).ToLowerInvariant()}/{JsonFields.String(o, "involvedObject", "name")}",
            JsonFields.String(o, "message") ?? string.Empty,
        ]));

    public static ResourceDefinition Nodes { get; } = new()
    {
        Group = string.Empty,
        Version = "v1",
        Plural = "nodes",
        Singular = "node",
        Kind = "Node",
        Namespaced = false,
        ShortNames = ["no"],
        Behavior = new TabularBehavior(
            [s_name, new("Status", "string", string.Empty, "The status of the node"), new("Roles", "string", string.Empty, "The roles of the node"),
             s_age, new("Version", "string", string.Empty, "Kubelet Version reported by the node.")],
            (o, now) => [TabularBehavior.NameOf(o), NodeStatus(o), "<none>", TabularBehavior.AgeOf(o, now), JsonFields.String(o, "status", "nodeInfo", "kubeletVersion") ?? "v1.32.0"]),
        Subresources = [StatusSubresource.Instance],
    };

    private static ResourceDefinition Core(string plural, string kind, IReadOnlyList<string> shortNames, IResourceBehavior behavior, IReadOnlyList<string>? categories = null) => new()
    {
        Group = string.Empty,
        Version = "v1",
        Plural = plural,
        Singular = kind.ToLowerInvariant(),
        Kind = kind,
        Namespaced = true,
        ShortNames = shortNames,
        Categories = categories ?? [],
        Behavior = behavior,
    };

    private static long Count(JsonObject obj, string field) => obj[field] switch
    {
        JsonObject o => o.Count,
        JsonArray a => a.Count,
        _ => 0,
    };

    private static string Ports(JsonObject service)
    {
        var ports = (service["spec"]?["ports"] as JsonArray ?? []).OfType<JsonObject>()
            .Select(p => string.Create(CultureInfo.InvariantCulture, $"{p["port"]}/{(string?)p["protocol"] ?? "TCP"}"))
            .ToList();
        return ports.Count == 0 ? "<none>" : string.Join(",", ports);
    }

    private static string Selector(JsonObject service) =>
        service["spec"]?["selector"] is JsonObject selector && selector.Count > 0
            ? string.Join(",", selector.Select(p => $"{p.Key}={p.Value}"))
            : "<none>";

    private static string NodeStatus(JsonObject node)
    {
        var ready = (node["status"]?["conditions"] as JsonArray ?? []).OfType<JsonObject>()
            .Any(c => (string?)c["type"] == "Ready" && (string?)c["status"] == "True");
        var status = ready ? "Ready" : "NotReady";
        return node["spec"]?["unschedulable"]?.GetValue<bool>() == true ? status + ",SchedulingDisabled" : status;
    }
}
