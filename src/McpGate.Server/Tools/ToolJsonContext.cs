using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace McpGate.Server.Tools;

/// <summary>
/// Source-generated JSON for the tool results' structured content: every call turns a <see cref="JsonObject"/> into
/// the element the SDK sends, and this keeps that off the reflection-based serializer (no first-call warm-up of its
/// resolver, nothing the trimmer cannot see).
/// </summary>
[JsonSerializable(typeof(JsonObject))]
internal sealed partial class ToolJsonContext : JsonSerializerContext;
