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
                _ => JsonValue.Create(value.ToString()),
            };
        }

        return json;
    }
}
