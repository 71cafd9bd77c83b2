using McpGate.Core.Json;

namespace McpGate.Core.Changes;

/// <summary>The wire names of <see cref="CheckStatus"/>: <c>pass</c>, <c>warn</c>, <c>fail</c>.</summary>
public static class CheckStatuses
{
    public static string ToWire(this CheckStatus status) => SnakeCaseEnumConverter<CheckStatus>.Name(status);

    /// <summary>The status of a wire name; null for any other text (spelled exactly: <c>Pass</c> is not <c>pass</c>).</summary>
    public static CheckStatus? FromWire(string? text) => SnakeCaseEnumConverter<CheckStatus>.Parse(text);
}
