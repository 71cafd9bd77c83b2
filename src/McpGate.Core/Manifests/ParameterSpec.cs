using System.Text.RegularExpressions;

namespace McpGate.Core.Manifests;

/// <summary>
/// One typed tool parameter. <see cref="Enum"/> and <see cref="Default"/> hold values of the
/// parameter's type: <see cref="string"/>, <see cref="long"/>, <see cref="double"/> or <see cref="bool"/>.
/// </summary>
public sealed record ParameterSpec
{
    public required string Name { get; init; }

    public required ParameterType Type { get; init; }

    public bool Required { get; init; }

    public string? Description { get; init; }

    public IReadOnlyList<object>? Enum { get; init; }

    /// <summary>Inclusive lower bound for integer and number parameters.</summary>
    public double? Minimum { get; init; }

    /// <summary>Inclusive upper bound for integer and number parameters.</summary>
    public double? Maximum { get; init; }

    /// <summary>
    /// .NET regular expression, as the author wrote it, that a string value must match as a
    /// whole: the gate matches it as <c>\A(?:pattern)\z</c> (see <see cref="PatternRegex"/>).
    /// </summary>
    public string? Pattern { get; init; }

    public object? Default { get; init; }

    /// <summary>
    /// The operation's body (<c>operation.body</c>: YAML or JSON from the agent): its value may hold line
    /// breaks and tabs; every other character <see cref="ParameterText.Rule"/> forbids stays forbidden.
    /// </summary>
    public bool Multiline { get; init; }

    /// <summary>The compiled <see cref="Pattern"/>, anchored to the whole value, with a match timeout.</summary>
    internal Regex? PatternRegex { get; init; }
}
