using McpGate.Core.Changes;

namespace McpGate.Core.Proofs;

/// <summary>One of <c>predicate.checks</c>; <c>evidenceDigest</c> is written as <c>null</c> when the check has none.</summary>
internal sealed record PredicateCheck
{
    public required string Name { get; init; }

    /// <summary><c>pass</c>, <c>warn</c> or <c>fail</c>; any other text makes the proof malformed (it is never executed).</summary>
    public required string Status { get; init; }

    public required string Detail { get; init; }

    public string? EvidenceDigest { get; init; }

    public static IReadOnlyList<PredicateCheck> Of(IReadOnlyList<CheckRecord> checks)
    {
        ArgumentNullException.ThrowIfNull(checks);
        return [.. checks.Select(c => new PredicateCheck { Name = c.Name, Status = c.Status.ToWire(), Detail = c.Detail, EvidenceDigest = c.EvidenceDigest })];
    }

    /// <exception cref="FormatException">The status is not one of the three.</exception>
    public CheckRecord ToCheckRecord() => new()
    {
        Name = Name,
        Status = CheckStatuses.FromWire(Status) ?? throw new FormatException($"check {Name}: status must be pass, warn or fail (got \"{Status}\")"),
        Detail = Detail,
        EvidenceDigest = EvidenceDigest,
    };
}
