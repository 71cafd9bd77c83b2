using System.Text.Json;
using System.Text.Json.Serialization;

namespace McpGate.Core.Json;

/// <summary>
/// An enum on the wire as its snake_case name (<c>StrategicMerge</c> is <c>strategic_merge</c>).
/// Reading is exact: numbers, other spellings (<c>Warn</c>, <c>STRATEGIC_MERGE</c>) and unknown
/// names are refused, so a signed or stored value reads back only as written.
/// </summary>
public sealed class SnakeCaseEnumConverter<TEnum> : JsonConverter<TEnum>
    where TEnum : struct, Enum
{
    private static readonly Dictionary<TEnum, string> s_names =
        Enum.GetValues<TEnum>().ToDictionary(v => v, v => JsonNamingPolicy.SnakeCaseLower.ConvertName(v.ToString()));

    private static readonly Dictionary<string, TEnum> s_values =
        s_names.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

    /// <summary>The wire name of <paramref name="value"/>.</summary>
#pragma warning disable CA1000 // One table per enum type: the static members belong with it.
    public static string Name(TEnum value) =>
        s_names.TryGetValue(value, out var name) ? name : throw new ArgumentOutOfRangeException(nameof(value), value, $"not a {typeof(TEnum).Name}");

    /// <summary>The value whose wire name is exactly <paramref name="name"/>; null for any other text.</summary>
    public static TEnum? Parse(string? name) => name is not null && s_values.TryGetValue(name, out var value) ? value : null;
#pragma warning restore CA1000

    public override TEnum Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"a {typeof(TEnum).Name} must be a string, one of {string.Join(", ", s_values.Keys)}");
        }

        var text = reader.GetString();
        return Parse(text) ?? throw new JsonException($"\"{text}\" is not a {typeof(TEnum).Name}: one of {string.Join(", ", s_values.Keys)}, spelled exactly");
    }

    public override void Write(Utf8JsonWriter writer, TEnum value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(Name(value));
    }
}
