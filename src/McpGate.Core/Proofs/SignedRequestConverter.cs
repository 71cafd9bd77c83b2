using System.Text.Json;
using System.Text.Json.Serialization;
using McpGate.Core.Operations;

namespace McpGate.Core.Proofs;

/// <summary>
/// <c>predicate.request</c> exactly as <see cref="OperationsJson"/> writes a <see cref="WriteRequest"/>
/// (nulls left out, snake_case enums), and read back only when every member and value signed is the
/// one the gate writes for what was read: a spelling it does not write (<c>"PATCH"</c>, <c>0</c>,
/// <c>"Verb"</c>) or a member it does not know is refused, not guessed. Members the gate has learnt
/// to write since (with their defaults) may be absent.
/// </summary>
internal sealed class SignedRequestConverter : JsonConverter<WriteRequest>
{
    public override WriteRequest Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        var signed = document.RootElement;
        WriteRequest request;
        try
        {
            request = signed.Deserialize(OperationsJsonContext.Default.WriteRequest) ?? throw new JsonException("the write request is null");
        }
        catch (JsonException ex)
        {
            throw new JsonException(ex.Message, ex.Path is null or "$" ? "$.request" : "$.request" + ex.Path[1..], null, null, ex);
        }

        var written = JsonSerializer.SerializeToElement(request, OperationsJsonContext.Default.WriteRequest);
        return Divergence(signed, written, "$.request") is { } path
            ? throw new JsonException("it is not spelled as the gate writes it (a value or member name in another form, or a member it does not know)", path, null, null)
            : request;
    }

    public override void Write(Utf8JsonWriter writer, WriteRequest value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, value, OperationsJsonContext.Default.WriteRequest);

    /// <summary>The path of the first member or value of <paramref name="signed"/> that <paramref name="written"/> does not hold as it is; null when there is none.</summary>
    internal static string? Divergence(JsonElement signed, JsonElement written, string path)
    {
        switch (signed.ValueKind)
        {
            case JsonValueKind.Object when written.ValueKind == JsonValueKind.Object:
                foreach (var member in signed.EnumerateObject())
                {
                    var memberPath = $"{path}.{member.Name}";
                    if (!written.TryGetProperty(member.Name, out var value))
                    {
                        return memberPath;
                    }

                    if (Divergence(member.Value, value, memberPath) is { } inner)
                    {
                        return inner;
                    }
                }

                return null;
            case JsonValueKind.Array when written.ValueKind == JsonValueKind.Array && signed.GetArrayLength() == written.GetArrayLength():
                var index = 0;
                foreach (var (item, same) in signed.EnumerateArray().Zip(written.EnumerateArray()))
                {
                    if (Divergence(item, same, $"{path}[{index++}]") is { } inner)
                    {
                        return inner;
                    }
                }

                return null;
            default:
                return JsonElement.DeepEquals(signed, written) ? null : path;
        }
    }
}
