using System.Text.Json.Nodes;

namespace McpGate.Core.Manifests;

/// <summary>Bound arguments as JSON, for the ledger and proofs.</summary>
public static class BoundArgumentsJson
{
    public static JsonObject ToJson(this BoundArguments arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var json = new JsonObject();
        foreach (var (name, value) in arguments.Values)
        {
            json[name] = value switch
            {
                null => null,
                string s => JsonValue.Create(s),
                long l => JsonValue.Create(l),
                double d => JsonValue.Create(d),
                bool b => JsonValue.Create(b),
                IReadOnlyDictionary<string, string?> map => MapArgument.ToJson(map),
                _ => JsonValue.Create(value.ToString()),
            };
        }

        return json;
    }

    /// <summary>Arguments as <see cref="ToJson"/> wrote them (a stored change's), typed again: strings, integers, numbers, booleans, maps.</summary>
    /// <exception cref="FormatException">A value is an array, or an object with a value that is not a string or null: no parameter has that type.</exception>
    public static BoundArguments FromJson(JsonObject json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (name, node) in json)
        {
            values[name] = node switch
            {
                null => null,
                JsonValue v when v.TryGetValue<string>(out var s) => s,
                JsonValue v when v.TryGetValue<bool>(out var b) => b,
                JsonValue v when v.TryGetValue<long>(out var l) => l,
                JsonValue v when v.TryGetValue<double>(out var d) => d,
                JsonObject map => MapArgument.FromJson(map) ?? throw new FormatException($"argument {name} is an object whose values are not all strings or null"),
                _ => throw new FormatException($"argument {name} is not a string, number, boolean or map"),
            };
        }

        return new BoundArguments { Values = values };
    }
}
