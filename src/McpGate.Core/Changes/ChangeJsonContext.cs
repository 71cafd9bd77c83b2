using System.Text.Json;
using System.Text.Json.Serialization;
using McpGate.Core.Replay;

namespace McpGate.Core.Changes;

/// <summary>
/// Source-generated JSON for change documents and timelines, with <see cref="ChangeJson"/>'s settings: nothing
/// about a change is written or read by reflection, so a NativeAOT or trimmed build keeps every member.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, WriteIndented = false)]
[JsonSerializable(typeof(ChangeDocument))]
[JsonSerializable(typeof(ChangeTimeline))]
public sealed partial class ChangeJsonContext : JsonSerializerContext;
