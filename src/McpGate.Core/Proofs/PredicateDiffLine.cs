using System.Text.Json.Nodes;
using McpGate.Core.Changes;

namespace McpGate.Core.Proofs;

/// <summary>One line of <c>predicate.dryRun.diff</c>; <c>from</c> and <c>to</c> are written as <c>null</c> when unset.</summary>
internal sealed record PredicateDiffLine
{
    public required string Path { get; init; }

    public JsonNode? From { get; init; }

    public JsonNode? To { get; init; }

    public static IReadOnlyList<PredicateDiffLine> Of(IReadOnlyList<DiffLine> diff)
    {
        ArgumentNullException.ThrowIfNull(diff);
        return [.. diff.Select(d => new PredicateDiffLine { Path = d.Path, From = d.From, To = d.To })];
    }

    public DiffLine ToDiffLine() => new() { Path = Path, From = From?.DeepClone(), To = To?.DeepClone() };
}
