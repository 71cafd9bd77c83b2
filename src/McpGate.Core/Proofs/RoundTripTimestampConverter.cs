using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace McpGate.Core.Proofs;

/// <summary>
/// A timestamp as round-trip ("O") text, <c>2026-11-21T15:10:36.8376193+00:00</c>: seven fraction
/// digits and the offset, as proofs have always written it (System.Text.Json would trim the fraction).
/// </summary>
internal sealed class RoundTripTimestampConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : throw new JsonException("a timestamp must be a string");
        return DateTimeOffset.TryParseExact(text, "O", CultureInfo.InvariantCulture, DateTimeStyles.None, out var value)
            ? value
            : throw new JsonException($"'{text}' is not a round-trip timestamp (yyyy-MM-ddTHH:mm:ss.fffffffzzz)");
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.ToString("O", CultureInfo.InvariantCulture));
    }
}
