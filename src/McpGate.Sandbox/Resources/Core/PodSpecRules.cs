using System.Text.Json.Nodes;
using McpGate.Sandbox.Api;
using McpGate.Sandbox.Objects;

namespace McpGate.Sandbox.Resources.Core;

/// <summary>Defaulting and validation of a PodSpec, shared by pods and pod templates.</summary>
internal static class PodSpecRules
{
    public static void ApplyDefaults(JsonObject spec)
    {
        spec["restartPolicy"] ??= "Always";
        spec["terminationGracePeriodSeconds"] ??= 30;
        spec["dnsPolicy"] ??= "ClusterFirst";
        spec["securityContext"] ??= new JsonObject();
        spec["schedulerName"] ??= "default-scheduler";
        foreach (var container in spec["containers"] as JsonArray ?? [])
        {
            if (container is not JsonObject c)
            {
                continue;
            }

            var image = JsonFields.String(c, "image") ?? string.Empty;
            c["imagePullPolicy"] ??= image.EndsWith(":latest", StringComparison.Ordinal) || !image.Contains(':', StringComparison.Ordinal)
                ? "Always"
                : "IfNotPresent";
            c["terminationMessagePath"] ??= "/dev/termination-log";
            c["terminationMessagePolicy"] ??= "File";
            c["resources"] ??= new JsonObject();
        }
    }

    public static void Validate(JsonObject? spec, string path, ICollection<StatusCause> causes)
    {
        var containers = JsonFields.FindArray(spec, "containers");
        if (containers is null || containers.Count == 0)
        {
            causes.Add(StatusCause.Required($"{path}.containers", string.Empty));
            return;
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < containers.Count; i++)
        {
            var name = JsonFields.String(containers[i], "name");
            var field = $"{path}.containers[{i}]";
            if (string.IsNullOrEmpty(name))
            {
                causes.Add(StatusCause.Required($"{field}.name", string.Empty));
            }
            else if (!ObjectNames.IsDnsLabel(name))
            {
                causes.Add(StatusCause.Invalid($"{field}.name", $"\"{name}\"", ObjectNames.LabelMessage));
            }
            else if (!names.Add(name))
            {
                causes.Add(new StatusCause("FieldValueDuplicate", $"Duplicate value: \"{name}\"", $"{field}.name"));
            }

            if (string.IsNullOrWhiteSpace(JsonFields.String(containers[i], "image")))
            {
                causes.Add(StatusCause.Required($"{field}.image", string.Empty));
            }
        }
    }
}
