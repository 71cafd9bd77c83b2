using System.Text.Json.Nodes;
using McpGate.Core.Cluster;

namespace McpGate.Kubernetes.Tests.Support;

/// <summary>Bodies of the other objects the write tests use: ConfigMaps, bare pods, disruption budgets, two-container deployments.</summary>
internal static class TestObjects
{
    public static ResourceRef ConfigMaps { get; } = new() { Group = string.Empty, Version = "v1", Resource = "configmaps", Namespace = "demo" };

    public static ResourceRef Pods { get; } = new() { Group = string.Empty, Version = "v1", Resource = "pods", Namespace = "demo" };

    public static ResourceRef DisruptionBudgets { get; } = new() { Group = "policy", Version = "v1", Resource = "poddisruptionbudgets", Namespace = "demo" };

    public static ResourceRef ReplicaSets { get; } = new() { Group = "apps", Version = "v1", Resource = "replicasets", Namespace = "demo" };

    public static JsonObject ConfigMap(string name, string value) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "ConfigMap",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "demo" },
        ["data"] = new JsonObject { ["key"] = value },
    };

    public static string Data(JsonObject configMap, string key = "key") => configMap["data"]![key]!.GetValue<string>();

    /// <summary>A pod no controller owns, labelled <c>group=<paramref name="group"/></c>.</summary>
    public static JsonObject Pod(string name, string group) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Pod",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "demo", ["labels"] = new JsonObject { ["group"] = group } },
        ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "app", ["image"] = "nginx:1.27" }) },
    };

    public static JsonObject DisruptionBudget(string name, string group, int minAvailable) => new()
    {
        ["apiVersion"] = "policy/v1",
        ["kind"] = "PodDisruptionBudget",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "demo" },
        ["spec"] = new JsonObject
        {
            ["minAvailable"] = minAvailable,
            ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["group"] = group } },
        },
    };

    /// <summary>A deployment of one replica whose pods run two containers: <c>app</c> and <c>sidecar</c>.</summary>
    public static JsonObject TwoContainerDeployment(string name)
    {
        var body = TestDeployments.Body(name, 1);
        body["spec"]!["template"]!["spec"]!["containers"] = new JsonArray(
            new JsonObject { ["name"] = "app", ["image"] = "nginx:1.27" },
            new JsonObject { ["name"] = "sidecar", ["image"] = "busybox:1.36" });
        return body;
    }

    /// <summary><c>name=image</c> of each container of a deployment's pod template, in order.</summary>
    public static IEnumerable<string> Containers(JsonObject deployment) =>
        deployment["spec"]!["template"]!["spec"]!["containers"]!.AsArray()
            .Select(c => $"{c!["name"]!.GetValue<string>()}={c["image"]!.GetValue<string>()}");

    public static IEnumerable<string> Managers(JsonObject obj) =>
        (obj["metadata"]!["managedFields"] as JsonArray ?? []).Select(f => f!["manager"]!.GetValue<string>());
}
