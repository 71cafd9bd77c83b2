using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace McpGate.Core.Operations;

/// <summary>The wire form of write requests (camelCase members, snake_case enums, nulls left out), source-generated.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(WriteRequest))]
internal sealed partial class OperationsJsonContext : JsonSerializerContext;

/// <summary>Reads and writes <see cref="WriteRequest"/> as JSON.</summary>
public static class OperationsJson
{
    public static JsonObject ToJson(WriteRequest request) =>
        JsonSerializer.SerializeToNode(request, OperationsJsonContext.Default.WriteRequest)!.AsObject();

    /// <exception cref="JsonException">The JSON is not a write request; the message says where.</exception>
    public static WriteRequest FromJson(JsonNode node) =>
        node.Deserialize(OperationsJsonContext.Default.WriteRequest) ?? throw new JsonException("the write request is null");
}
