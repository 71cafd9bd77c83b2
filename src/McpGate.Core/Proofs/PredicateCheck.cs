using McpGate.Core.Changes;

namespace McpGate.Core.Proofs;

/// <summary>One of <c>predicate.checks</c>; <c>evidenceDigest</c> is written as <c>null</c> when the check has none.</summary>
internal sealed record PredicateCheck
{
    public required string Name { get; init; }

    /// <summary><c>pass</c>, <c>warn</c> or <c>fail</c>, kept as signed: a status this version does not know counts as a failure (<see cref="CheckRecord.Failed"/>).</summary>
    public required string Status { get; init; }

    public required string Detail { get; init; }

    public string? EvidenceDigest { get; init; }

    public static IReadOnlyList<PredicateCheck> Of(IReadOnlyList<CheckRecord> checks)
    {
        ArgumentNullException.ThrowIfNull(checks);
        return [.. checks.Select(c => new PredicateCheck { Name = c.Name, Status = c.Status, Detail = c.Detail, EvidenceDigest = c.EvidenceDigest })];
    }

    public CheckRecord ToCheckRecord() => new() { Name = Name, Status = Status, Detail = Detail, EvidenceDigest = EvidenceDigest };
}
