using System.Text.Json.Nodes;
using McpGate.Sandbox.Api;
using McpGate.Sandbox.Objects;

namespace McpGate.Sandbox.Resources.Apps;

/// <summary>The scale subresource as an autoscaling/v1 Scale over spec.replicas.</summary>
internal sealed class ScaleSubresource : ISubresource
{
    public static ScaleSubresource Instance { get; } = new();

    public string Name => "scale";

    public string Group => "autoscaling";

    public string Version => "v1";

    public string Kind => "Scale";

    public IReadOnlyList<string> Verbs { get; } = ["get", "patch", "update"];

    public JsonObject Project(ResourceDefinition parent, JsonObject stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var metadata = new JsonObject();
        foreach (var field in (string[])["name", "namespace", "uid", "resourceVersion", "creationTimestamp"])
        {
            if (JsonFields.FindObject(stored, "metadata")?[field] is { } value)
            {
                metadata[field] = value.DeepClone();
            }
        }

        return new JsonObject
        {
            ["kind"] = Kind,
            ["apiVersion"] = $"{Group}/{Version}",
            ["metadata"] = metadata,
            ["spec"] = new JsonObject { ["replicas"] = JsonFields.Integer(stored, "spec", "replicas") ?? 0 },
            ["status"] = new JsonObject
            {
                ["replicas"] = JsonFields.Integer(stored, "status", "replicas") ?? 0,
                ["selector"] = LabelSelector.FromJson(JsonFields.FindObject(stored, "spec", "selector")).ToString(),
            },
        };
    }

    public JsonObject Merge(ResourceDefinition parent, JsonObject current, JsonObject body)
    {
        ArgumentNullException.ThrowIfNull(current);
        var name = JsonFields.String(current, "metadata", "name") ?? string.Empty;
        var replicas = JsonFields.FindObject(body, "spec")?["replicas"];
        var count = JsonFields.Integer(replicas);
        if (count is null or < 0)
        {
            var cause = count is null
                ? StatusCause.Invalid("spec.replicas", JsonFields.Raw(replicas), "must be an integer")
                : StatusCause.Invalid("spec.replicas", count.Value.ToString(), "must be greater than or equal to 0");
            throw new ApiException(ApiErrors.Invalid("Scale.autoscaling", Group, Kind, name, [cause]));
        }

        JsonFields.Object(current, "spec")["replicas"] = count.Value;
        return current;
    }
}
