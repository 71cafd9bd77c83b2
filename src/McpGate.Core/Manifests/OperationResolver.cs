using System.Text.Json.Nodes;
using McpGate.Core.Cluster;

namespace McpGate.Core.Manifests;

/// <summary>Fills an operation's placeholders from bound arguments.</summary>
public static class OperationResolver
{
    public static ResolvedOperation Resolve(ToolManifest manifest, BoundArguments arguments)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(arguments);
        var operation = manifest.Operation;

        var patch = new JsonObject();
        foreach (var field in operation.Fields)
        {
            if (Value(manifest, field, arguments) is { } value)
            {
                Set(patch, field.Path, value);
            }
        }

        return new ResolvedOperation
        {
            Action = operation.Action,
            Target = new ResourceRef
            {
                Group = operation.Group,
                Version = operation.Version,
                Resource = operation.Resource,
                Namespace = operation.Namespace is { } ns ? Interpolate(manifest, ns, arguments) : null,
                Name = operation.Name is { } name ? Interpolate(manifest, name, arguments) : null,
            },
            Patch = patch,
        };
    }

    private static JsonNode? Value(ToolManifest manifest, OperationField field, BoundArguments arguments)
    {
        if (Placeholders.Whole(field.Template) is { } name)
        {
            // An absent optional parameter leaves its field alone.
            return arguments.Contains(name)
                ? InputSchemaBuilder.Value(arguments[name]!, manifest.FindParameter(name)!.Type)
                : null;
        }

        return field.Literal is { } literal
            ? InputSchemaBuilder.Value(literal, ParameterType.String)
            : JsonValue.Create(Interpolate(manifest, field.Template, arguments));
    }

    private static string Interpolate(ToolManifest manifest, string template, BoundArguments arguments) =>
        Placeholders.Replace(template, name => arguments.Contains(name)
            ? ValueText.Format(arguments[name])
            : throw new InvalidOperationException($"{manifest.Name}: no value for placeholder {{{name}}}; the manifest loader should have refused it."));

    private static void Set(JsonObject root, string path, JsonNode value)
    {
        var segments = path.Split('.');
        var current = root;
        foreach (var segment in segments[..^1])
        {
            if (current[segment] is not JsonObject next)
            {
                next = new JsonObject();
                current[segment] = next;
            }

            current = next;
        }

        current[segments[^1]] = value;
    }
}
