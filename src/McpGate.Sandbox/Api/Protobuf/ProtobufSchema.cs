using System.Text;
using System.Text.Json.Nodes;

namespace McpGate.Sandbox.Api.Protobuf;

/// <summary>
/// A message's field names by number (from k8s.io/api generated.proto); a field without a nested
/// schema is a string, bool or integer. Unknown fields are skipped.
/// </summary>
internal sealed class ProtobufSchema
{
    private readonly Dictionary<int, (string Name, ProtobufSchema? Nested, bool Repeated)> _fields = [];

    public ProtobufSchema Field(int number, string name, ProtobufSchema? nested = null, bool repeated = false)
    {
        _fields[number] = (name, nested, repeated);
        return this;
    }

    public JsonObject Decode(ReadOnlySpan<byte> data)
    {
        var result = new JsonObject();
        foreach (var (number, wireType, value) in ProtobufMessage.Parse(data))
        {
            if (!_fields.TryGetValue(number, out var field))
            {
                continue;
            }

            JsonNode? node = (wireType, field.Nested, value) switch
            {
                (2, { } nested, byte[] bytes) => nested.Decode(bytes),
                (2, null, byte[] bytes) => JsonValue.Create(Encoding.UTF8.GetString(bytes)),
                (0, _, ulong number64) when field.Name.StartsWith("is", StringComparison.Ordinal) || field.Name == "force" => JsonValue.Create(number64 != 0),
                (_, _, ulong number64) => JsonValue.Create((long)number64),
                _ => null,
            };
            if (field.Repeated)
            {
                if (result[field.Name] is not JsonArray array)
                {
                    array = [];
                    result[field.Name] = array;
                }

                array.Add(node);
            }
            else
            {
                result[field.Name] = node;
            }
        }

        return result;
    }
}
