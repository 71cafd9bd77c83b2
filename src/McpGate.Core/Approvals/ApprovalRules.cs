using McpGate.Core.Crypto;
using McpGate.Core.Policy;
using McpGate.Core.Proofs;

namespace McpGate.Core.Approvals;

/// <summary>
/// What it takes to approve one change: taken from its signed proof, and tightened by the
/// policy in force now (more approvals or narrower groups), never loosened.
/// </summary>
public sealed record ApprovalRules
{
    public required string ChangeId { get; init; }

    public required Sha256Digest ProofDigest { get; init; }

    public required string Requester { get; init; }

    /// <summary>At least one.</summary>
    public required int Required { get; init; }

    /// <summary>An approver must belong to a group of each non-empty set.</summary>
    public required IReadOnlyList<IReadOnlyList<string>> GroupSets { get; init; }

    public static ApprovalRules From(ProofClaims claims, Sha256Digest proofDigest, PolicyDecision? current = null)
    {
        ArgumentNullException.ThrowIfNull(claims);
        var sets = new List<IReadOnlyList<string>> { claims.ApproverGroups };
        if (current?.Approval is { } now)
        {
            sets.Add(now.Groups);
        }

        return new ApprovalRules
        {
            ChangeId = claims.ChangeId,
            ProofDigest = proofDigest,
            Requester = claims.Requester,
            Required = Math.Max(1, Math.Max(claims.RequiredApprovals, current?.Approval?.Count ?? 0)),
            GroupSets = [.. sets.Where(s => s.Count > 0)],
        };
    }

    /// <summary>Why this approver's vote cannot count, or null when it can.</summary>
    public string? Refusal(TrustedApprover approver, string decision)
    {
        ArgumentNullException.ThrowIfNull(approver);
        // Canonical forms, compared ordinally: "Alice" requested it, so alice cannot decide it.
        // A requester that is no valid identity cannot be told apart from anyone: fail closed.
        if (!Identities.IsValid(Requester))
        {
            return $"the change's requester {Identities.Show(Requester)} is not a valid identity, so no approver can be told apart from it; propose the change again";
        }

        if (Identities.Same(approver.Identity, Requester))
        {
            return $"{approver.Identity} requested this change and cannot approve or reject it";
        }

        if (decision == ApprovalDecision.Approve)
        {
            var groups = approver.Groups.Select(Canonical).ToList();
            var missing = GroupSets.FirstOrDefault(set => !groups.Intersect(set.Select(Canonical), StringComparer.Ordinal).Any());
            if (missing is not null)
            {
                return $"{approver.Identity} is not in any of the groups this change needs ({string.Join(", ", missing)})";
            }
        }

        return null;
    }

    /// <summary>A group in canonical form; a name that breaks the rule stays as written and matches nothing canonical.</summary>
    private static string Canonical(string group) => Identities.TryCanonicalize(group, out var canonical) ? canonical : group;
}
