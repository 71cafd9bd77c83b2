using System.Text.Json.Nodes;
using McpGate.Sandbox.Objects;

namespace McpGate.Sandbox.Resources.Networking;

/// <summary>networking.k8s.io/v1 Ingresses: stored and printed; no ingress controller assigns an address.</summary>
internal sealed class IngressBehavior : ResourceBehavior
{
    public override bool TracksGeneration => true;

    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        new("Name", "string", "name", "Name must be unique within a namespace."),
        new("Class", "string", string.Empty, "ingressClassName is the name of an IngressClass cluster resource."),
        new("Hosts", "string", string.Empty, "Hosts that incoming requests are matched against before the ingress rule"),
        new("Address", "string", string.Empty, "Address is a list containing ingress points for the load-balancer"),
        new("Ports", "string", string.Empty, "Ports of TLS configurations that open"),
        new("Age", "string", string.Empty, "CreationTimestamp is a timestamp representing the server time when this object was created."),
    ];

    public override void PrepareForCreate(JsonObject obj) => obj["status"] = new JsonObject { ["loadBalancer"] = new JsonObject() };

    public override void ApplyDefaults(JsonObject obj)
    {
        foreach (var rule in JsonFields.FindArray(obj, "spec", "rules") ?? [])
        {
            foreach (var path in JsonFields.FindArray(rule, "http", "paths") ?? [])
            {
                if (path is JsonObject p)
                {
                    p["pathType"] ??= "ImplementationSpecific";
                }
            }
        }
    }

    public override IReadOnlyList<JsonNode?> Cells(JsonObject obj, DateTimeOffset now)
    {
        var hosts = (JsonFields.FindArray(obj, "spec", "rules") ?? []).Select(r => JsonFields.String(r, "host")).Where(h => !string.IsNullOrEmpty(h)).ToList();
        var addresses = (JsonFields.FindArray(obj, "status", "loadBalancer", "ingress") ?? [])
            .Select(i => JsonFields.String(i, "ip") ?? JsonFields.String(i, "hostname")).Where(a => !string.IsNullOrEmpty(a)).ToList();
        return
        [
            Name(obj),
            JsonFields.String(obj, "spec", "ingressClassName") ?? "<none>",
            hosts.Count == 0 ? "*" : string.Join(",", hosts),
            string.Join(",", addresses),
            JsonFields.FindArray(obj, "spec", "tls") is { Count: > 0 } ? "80, 443" : "80",
            Age(obj, now),
        ];
    }
}
