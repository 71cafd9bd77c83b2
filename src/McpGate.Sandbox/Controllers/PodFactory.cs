using System.Text.Json.Nodes;
using McpGate.Sandbox.Api;
using McpGate.Sandbox.Diagnostics;
using McpGate.Sandbox.Objects;
using McpGate.Sandbox.Resources;

namespace McpGate.Sandbox.Controllers;

/// <summary>Creates and deletes pods from a workload's template, recording the owner's events.</summary>
internal static class PodFactory
{
    public static JsonObject? Create(ControllerContext context, ResourceDefinition ownerDefinition, JsonObject owner, JsonObject? template, string name, JsonObject? extraLabels = null)
    {
        var labels = JsonFields.FindObject(template, "metadata", "labels")?.DeepClone() as JsonObject ?? [];
        foreach (var (key, value) in extraLabels ?? [])
        {
            labels[key] = value?.DeepClone();
        }

        var metadata = new JsonObject
        {
            ["name"] = name,
            ["namespace"] = ObjectMeta.Namespace(owner),
            ["labels"] = labels,
            ["ownerReferences"] = ObjectMeta.ControllerReference(ownerDefinition, owner),
        };
        if (JsonFields.FindObject(template, "metadata", "annotations") is { } annotations)
        {
            metadata["annotations"] = annotations.DeepClone();
        }

        var spec = JsonFields.FindObject(template, "spec")?.DeepClone() as JsonObject ?? [];
        var pod = new JsonObject { ["metadata"] = metadata, ["spec"] = spec };
        try
        {
            var created = context.Objects.Create(BuiltInResources.Pods, ObjectMeta.Namespace(owner), pod, dryRun: false);
            context.Events.Normal(ownerDefinition, owner, ComponentOf(ownerDefinition), "SuccessfulCreate", $"Created pod: {ObjectMeta.Name(created)}");
            var (podNamespace, podName) = (ObjectMeta.Namespace(created), ObjectMeta.Name(created));
            SandboxLog.PodCreated(context.Logger, podNamespace, podName);
            return created;
        }
        catch (ApiException ex)
        {
            // The namespace is going away, or the template is invalid: nothing to create.
            context.Events.Warning(ownerDefinition, owner, ComponentOf(ownerDefinition), "FailedCreate", $"Error creating: {ex.Status.Message}");
            return null;
        }
    }

    public static bool Delete(ControllerContext context, ResourceDefinition ownerDefinition, JsonObject owner, JsonObject pod)
    {
        if (context.Delete(BuiltInResources.Pods, pod) is null)
        {
            return false;
        }

        context.Events.Normal(ownerDefinition, owner, ComponentOf(ownerDefinition), "SuccessfulDelete", $"Deleted pod: {ObjectMeta.Name(pod)}");
        var (podNamespace, podName) = (ObjectMeta.Namespace(pod), ObjectMeta.Name(pod));
        SandboxLog.PodDeleted(context.Logger, podNamespace, podName);
        return true;
    }

    /// <summary>Pods to remove first when scaling down: unscheduled, then not ready, then the youngest.</summary>
    public static IEnumerable<JsonObject> ScaleDownOrder(IEnumerable<JsonObject> pods) =>
        pods.OrderBy(p => string.IsNullOrEmpty(JsonFields.String(p, "spec", "nodeName")) ? 0 : 1)
            .ThenBy(p => PodStatuses.IsReady(p) ? 1 : 0)
            .ThenByDescending(p => JsonFields.String(p, "metadata", "creationTimestamp"), StringComparer.Ordinal)
            .ThenByDescending(p => JsonFields.Integer(p, "metadata", "resourceVersion") ?? 0);

    private static string ComponentOf(ResourceDefinition definition) => definition.Plural switch
    {
        "replicasets" => "replicaset-controller",
        "statefulsets" => "statefulset-controller",
        "daemonsets" => "daemonset-controller",
        "jobs" => "job-controller",
        _ => "controller-manager",
    };
}
