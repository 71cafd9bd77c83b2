using System.Globalization;
using System.Text.Json.Nodes;

namespace McpGate.Core.Reads.Views;

/// <summary>Deployments as <c>kubectl get deployments</c> shows them, plus images and generations.</summary>
public sealed class DeploymentView : IResourceView
{
    public IReadOnlyList<string> Columns { get; } = ["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE", "IMAGES"];

    public IReadOnlyList<string> Row(JsonObject obj, DateTimeOffset now)
    {
        var spec = obj["spec"];
        var status = obj["status"];
        return
        [
            ObjectFields.Name(obj),
            $"{ObjectFields.Number(status?["readyReplicas"]) ?? 0}/{ObjectFields.Number(spec?["replicas"]) ?? 1}",
            (ObjectFields.Number(status?["updatedReplicas"]) ?? 0).ToString(CultureInfo.InvariantCulture),
            (ObjectFields.Number(status?["availableReplicas"]) ?? 0).ToString(CultureInfo.InvariantCulture),
            Ages.Since(obj["metadata"]?["creationTimestamp"], now),
            string.Join(",", Containers(obj).Select(c => ObjectFields.Text(c["image"]))),
        ];
    }

    public JsonObject Summary(JsonObject obj, DateTimeOffset now)
    {
        var view = ObjectFields.Identity(obj);
        var spec = obj["spec"];
        var status = obj["status"];
        view["replicas"] = ObjectFields.Number(spec?["replicas"]) ?? 1;
        view["readyReplicas"] = ObjectFields.Number(status?["readyReplicas"]) ?? 0;
        view["updatedReplicas"] = ObjectFields.Number(status?["updatedReplicas"]) ?? 0;
        view["availableReplicas"] = ObjectFields.Number(status?["availableReplicas"]) ?? 0;
        view["generation"] = obj["metadata"]?["generation"]?.DeepClone();
        view["observedGeneration"] = status?["observedGeneration"]?.DeepClone();
        view["images"] = new JsonArray([.. Containers(obj).Select(c => c["image"]?.DeepClone())]);
        return view;
    }

    /// <summary>The summary plus strategy, selector, containers (environment variable names only) and conditions.</summary>
    public JsonObject Detail(JsonObject obj, DateTimeOffset now)
    {
        var view = Summary(obj, now);
        var spec = obj["spec"];
        view["paused"] = ObjectFields.Flag(spec?["paused"]) ?? false;
        view["strategy"] = spec?["strategy"]?.DeepClone();
        view["selector"] = spec?["selector"]?.DeepClone();
        view["containers"] = new JsonArray([.. Containers(obj).Select(c => (JsonNode)new JsonObject
        {
            ["name"] = c["name"]?.DeepClone(),
            ["image"] = c["image"]?.DeepClone(),
            ["ports"] = c["ports"]?.DeepClone(),
            ["resources"] = c["resources"]?.DeepClone(),
            // Values stay on the cluster: they may hold credentials.
            ["env"] = new JsonArray([.. ObjectFields.Objects(c["env"]).Select(e => e["name"]?.DeepClone())]),
        })]);
        view["conditions"] = new JsonArray([.. ObjectFields.Objects(obj["status"]?["conditions"]).Select(c => (JsonNode)new JsonObject
        {
            ["type"] = c["type"]?.DeepClone(),
            ["status"] = c["status"]?.DeepClone(),
            ["reason"] = c["reason"]?.DeepClone(),
            ["message"] = c["message"]?.DeepClone(),
            ["lastTransitionTime"] = c["lastTransitionTime"]?.DeepClone(),
        })]);
        return Redaction.Redact(view);
    }

    private static IEnumerable<JsonObject> Containers(JsonObject obj) =>
        ObjectFields.Objects(obj["spec"]?["template"]?["spec"]?["containers"]);
}
