using System.Text.Json.Nodes;
using McpGate.Core.Cluster;

namespace McpGate.Kubernetes.Tests.Support;

/// <summary>Deployment bodies and references for tests that write: each test writes its own, uniquely named object.</summary>
internal static class TestDeployments
{
    public static ResourceRef Collection { get; } = new() { Group = "apps", Version = "v1", Resource = "deployments", Namespace = "demo" };

    public static ResourceRef Named(string name) => Collection.WithName(name);

    public static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)];

    public static JsonObject Body(string name, int replicas) => new()
    {
        ["apiVersion"] = "apps/v1",
        ["kind"] = "Deployment",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "demo", ["labels"] = new JsonObject { ["app"] = name } },
        ["spec"] = new JsonObject
        {
            ["replicas"] = replicas,
            ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = name } },
            ["template"] = new JsonObject
            {
                ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = name } },
                ["spec"] = new JsonObject
                {
                    ["containers"] = new JsonArray(new JsonObject { ["name"] = name, ["image"] = "nginx:1.27" }),
                },
            },
        },
    };

    public static int Replicas(JsonObject deployment) => deployment["spec"]!["replicas"]!.GetValue<int>();

    public static string ResourceVersion(JsonObject obj) => obj["metadata"]!["resourceVersion"]!.GetValue<string>();
}
