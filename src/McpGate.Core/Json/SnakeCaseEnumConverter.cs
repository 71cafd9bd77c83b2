using System.Text.Json;
using System.Text.Json.Serialization;

namespace McpGate.Core.Json;

/// <summary>
/// An enum on the wire as its snake_case name (<c>StrategicMerge</c> is <c>strategic_merge</c>);
/// numbers and unknown names are refused when read.
/// </summary>
public sealed class SnakeCaseEnumConverter<TEnum>() : JsonStringEnumConverter<TEnum>(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false)
    where TEnum : struct, Enum;
