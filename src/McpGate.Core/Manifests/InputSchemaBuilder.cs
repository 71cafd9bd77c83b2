using System.Text.Json;
using System.Text.Json.Nodes;
using McpGate.Core.Json;

namespace McpGate.Core.Manifests;

/// <summary>Derives a tool's JSON Schema (draft 2020-12) from its typed parameters.</summary>
internal static class InputSchemaBuilder
{
    public static JsonElement Build(ToolManifest manifest)
    {
        var properties = new JsonObject();
        foreach (var parameter in manifest.Parameters)
        {
            properties[parameter.Name] = Property(parameter);
        }

        var schema = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["type"] = "object",
            ["properties"] = properties,
            ["required"] = new JsonArray(manifest.Parameters.Where(p => p.Required).Select(p => (JsonNode?)p.Name).ToArray()),
            ["additionalProperties"] = false,
        };

        return JsonSerializer.SerializeToElement(schema, NodeJsonContext.Default.JsonObject);
    }

    private static JsonObject Property(ParameterSpec parameter)
    {
        var property = new JsonObject { ["type"] = parameter.Type == ParameterType.Map ? "object" : parameter.Type.ToString().ToLowerInvariant() };
        if (parameter.Description is { } description)
        {
            property["description"] = description;
        }

        if (parameter.Type == ParameterType.Map)
        {
            property["minProperties"] = 1;
            property["maxProperties"] = MapArgument.MaxKeys;
            property["propertyNames"] = new JsonObject { ["pattern"] = MapArgument.KeyPattern, ["maxLength"] = MapArgument.MaxKeyLength };
            property["additionalProperties"] = new JsonObject { ["type"] = new JsonArray("string", "null") };
        }

        if (parameter.Enum is { } values)
        {
            property["enum"] = new JsonArray(values.Select(v => Value(v, parameter.Type)).ToArray());
        }

        if (parameter.Minimum is { } minimum)
        {
            property["minimum"] = Value(minimum, parameter.Type);
        }

        if (parameter.Maximum is { } maximum)
        {
            property["maximum"] = Value(maximum, parameter.Type);
        }

        if (parameter.Pattern is { } pattern)
        {
            property["pattern"] = pattern;
        }

        if (parameter.Default is { } fallback)
        {
            property["default"] = Value(fallback, parameter.Type);
        }

        return property;
    }

    /// <summary>Integer parameters keep integer JSON (<c>100</c>, not <c>100.0</c>).</summary>
    internal static JsonNode? Value(object value, ParameterType type) => value switch
    {
        string s => JsonValue.Create(s),
        bool b => JsonValue.Create(b),
        long l => JsonValue.Create(l),
        double d when type == ParameterType.Integer => JsonValue.Create((long)d),
        double d => JsonValue.Create(d),
        IReadOnlyDictionary<string, string?> map => MapArgument.ToJson(map),
        _ => throw new ArgumentException($"Unexpected value type {value.GetType()}.", nameof(value)),
    };
}
