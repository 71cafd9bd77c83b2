using System.Globalization;
using System.Text.Json.Nodes;
using McpGate.Sandbox.Api;
using McpGate.Sandbox.Objects;
using McpGate.Sandbox.Resources.Core;

namespace McpGate.Sandbox.Resources.Apps;

/// <summary>Validation and printing shared by the workload kinds with a selector and a pod template.</summary>
internal static class WorkloadRules
{
    public static void ValidateReplicas(JsonObject? spec, ICollection<StatusCause> causes, bool required = true)
    {
        var replicas = spec?["replicas"];
        if (replicas is null && !required)
        {
            return;
        }

        var count = JsonFields.Integer(replicas);
        if (count is null)
        {
            causes.Add(StatusCause.Invalid("spec.replicas", JsonFields.Raw(replicas), "must be an integer"));
        }
        else if (count < 0)
        {
            causes.Add(StatusCause.Invalid("spec.replicas", count.Value.ToString(CultureInfo.InvariantCulture), "must be greater than or equal to 0"));
        }
    }

    public static void ValidateSelectorAndTemplate(JsonObject? spec, ICollection<StatusCause> causes, bool selectorRequired = true)
    {
        var selector = JsonFields.FindObject(spec, "selector");
        var templateLabels = JsonFields.StringMap(JsonFields.FindObject(spec, "template", "metadata", "labels"));
        if (selector is null || (JsonFields.FindObject(selector, "matchLabels") is not { Count: > 0 } && JsonFields.FindArray(selector, "matchExpressions") is not { Count: > 0 }))
        {
            if (selectorRequired)
            {
                causes.Add(StatusCause.Required("spec.selector", string.Empty));
            }
        }
        else if (!LabelSelector.FromJson(selector).Matches(templateLabels))
        {
            var shown = "map[string]string{" + string.Join(", ", templateLabels.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"\"{p.Key}\":\"{p.Value}\"")) + "}";
            causes.Add(StatusCause.Invalid("spec.template.metadata.labels", shown, "`selector` does not match template `labels`"));
        }

        PodSpecRules.Validate(JsonFields.FindObject(spec, "template", "spec"), "spec.template.spec", causes);
    }

    public static void DefaultTemplate(JsonObject spec)
    {
        var template = JsonFields.Object(spec, "template");
        JsonFields.Object(template, "metadata");
        PodSpecRules.ApplyDefaults(JsonFields.Object(template, "spec"));
    }

    public static string Containers(JsonObject obj, string field)
    {
        var containers = JsonFields.FindArray(obj, "spec", "template", "spec", "containers") ?? [];
        return string.Join(",", containers.Select(c => JsonFields.String(c, field)));
    }

    public static string Selector(JsonObject obj) =>
        LabelSelector.FromJson(JsonFields.FindObject(obj, "spec", "selector")).ToString();

    public static long Count(JsonObject obj, params ReadOnlySpan<string> path) => JsonFields.Integer(obj, path) ?? 0;
}
