using System.Text;
using System.Text.Json.Nodes;
using McpGate.Core.Cluster;
using McpGate.Core.Reads.Views;

namespace McpGate.Core.Reads.Describe;

/// <summary>
/// A service: type, cluster IP, ports and selector; its endpoints from the Endpoints object, or, where the
/// cluster serves none, from the ready pods its selector matches (said so in the answer).
/// </summary>
public sealed class ServiceDescriber : IObjectDescriber
{
    /// <summary>Addresses shown in the text; the structured content keeps them all.</summary>
    private const int MaxAddresses = 20;

    public async Task<IReadOnlyList<DescribeSection>> DescribeAsync(JsonObject obj, ReadTarget target, ReadContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(context);
        var spec = obj["spec"];
        var ports = ObjectFields.Objects(spec?["ports"]).ToList();
        var selector = LabelSelectors.Query(spec?["selector"]);
        var facts = new StringBuilder();
        facts.Append("Type:         ").Append(ObjectFields.Text(spec?["type"]) ?? "ClusterIP").Append('\n');
        facts.Append("Cluster IP:   ").Append(ObjectFields.Text(spec?["clusterIP"]) ?? "<none>").Append('\n');
        facts.Append("Ports:        ").Append(ports.Count == 0 ? "<none>" : string.Join(", ", ports.Select(Port))).Append('\n');
        facts.Append("Selector:     ").Append(selector ?? "<none>").Append('\n');
        var sections = new List<DescribeSection> { new(string.Empty, facts.ToString(), Redaction.Redact(obj)["spec"]?.DeepClone()) };

        var ns = ObjectFields.Namespace(obj);
        var name = ObjectFields.Name(obj);
        var served = await context.Cluster.GetServedResourcesAsync(cancellationToken).ConfigureAwait(false);
        List<string> addresses;
        string source;
        if (served.Any(r => r.Group.Length == 0 && r.Resource == "endpoints"))
        {
            var endpoints = await context.Cluster.GetAsync(new ResourceRef { Group = string.Empty, Version = "v1", Resource = "endpoints", Namespace = ns, Name = name }, cancellationToken).ConfigureAwait(false);
            addresses = [.. ObjectFields.Objects(endpoints?["subsets"]).SelectMany(s => ObjectFields.Objects(s["addresses"])
                .SelectMany(a => ObjectFields.Objects(s["ports"]).DefaultIfEmpty(new JsonObject()).Select(p => Address(ObjectFields.Text(a["ip"]), ObjectFields.Number(p["port"])?.ToString(System.Globalization.CultureInfo.InvariantCulture)))))];
            source = "the Endpoints object";
        }
        else if (selector is null)
        {
            addresses = [];
            source = "no selector: endpoints are managed outside the service";
        }
        else
        {
            var pods = await context.Cluster.ListAsync(
                new ResourceRef { Group = string.Empty, Version = "v1", Resource = "pods", Namespace = ns },
                new ListQuery { LabelSelector = selector, Limit = ReadLimits.MaxListItems },
                cancellationToken).ConfigureAwait(false);
            addresses = [.. ObjectFields.Objects(pods["items"]).Where(PodStates.AllReady)
                .SelectMany(p => (ports.Count == 0 ? [new JsonObject()] : ports).Select(port => Address(ObjectFields.Text(p["status"]?["podIP"]), TargetPort(port, p))))];
            source = "ready pods matching the selector; the cluster serves no Endpoints";
        }

        var text = new StringBuilder();
        text.Append(addresses.Count == 0 ? "<none>" : string.Join(", ", addresses.Take(MaxAddresses)));
        if (addresses.Count > MaxAddresses)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $" + {addresses.Count - MaxAddresses} more");
        }

        text.Append("  (from ").Append(source).Append(")\n");
        sections.Add(new DescribeSection("Endpoints", text.ToString(), new JsonObject
        {
            ["addresses"] = new JsonArray([.. addresses.Select(a => (JsonNode)a)]),
            ["source"] = source,
        }));
        return sections;
    }

    private static string Port(JsonObject port)
    {
        var name = ObjectFields.Text(port["name"]);
        var target = port["targetPort"] is { } t ? t.ToJsonString().Trim('"') : null;
        return $"{(name is null ? string.Empty : name + " ")}{port["port"]?.ToJsonString()}/{ObjectFields.Text(port["protocol"]) ?? "TCP"}{(target is null ? string.Empty : " -> " + target)}";
    }

    /// <summary>The pod port a service port reaches: a number, or a named port looked up in the pod's containers.</summary>
    private static string? TargetPort(JsonObject port, JsonObject pod)
    {
        var target = port["targetPort"] ?? port["port"];
        if (ObjectFields.Text(target) is { } named)
        {
            return ObjectFields.Objects(pod["spec"]?["containers"]).SelectMany(c => ObjectFields.Objects(c["ports"]))
                .FirstOrDefault(p => ObjectFields.Text(p["name"]) == named)?["containerPort"]?.ToJsonString() ?? named;
        }

        return target?.ToJsonString();
    }

    private static string Address(string? ip, string? port) => port is null ? ip ?? "?" : $"{ip ?? "?"}:{port}";
}
