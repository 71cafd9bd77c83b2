using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace McpGate.Core.Json;

/// <summary>
/// Source-generated JSON for turning DOM nodes into elements and back, as every tool list and tool call does (input
/// schemas, structured content, recorded arguments): it keeps those paths off the reflection-based serializer, so
/// the first call does not pay for warming its resolver, and nothing there is hidden from the trimmer.
/// </summary>
[JsonSerializable(typeof(JsonObject))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(Dictionary<string, JsonElement>))]
public sealed partial class NodeJsonContext : JsonSerializerContext;
