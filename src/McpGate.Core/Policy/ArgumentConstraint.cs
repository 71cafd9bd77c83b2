using System.Text.RegularExpressions;

namespace McpGate.Core.Policy;

/// <summary>
/// A rule's limits on one argument, checked on top of the manifest's. Enum values are
/// typed as YAML wrote them (<see cref="string"/>, <see cref="long"/>, <see cref="double"/>, <see cref="bool"/>).
/// </summary>
public sealed record ArgumentConstraint
{
    public required string Argument { get; init; }

    public double? Minimum { get; init; }

    public double? Maximum { get; init; }

    public IReadOnlyList<object>? Enum { get; init; }

    /// <summary>The pattern as written; matched against the whole value, as <c>\A(?:pattern)\z</c>.</summary>
    public string? Pattern { get; init; }

    /// <summary>The compiled, anchored <see cref="Pattern"/>, with a match timeout.</summary>
    internal Regex? PatternRegex { get; init; }
}
