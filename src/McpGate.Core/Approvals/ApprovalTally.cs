using McpGate.Core.Changes;
using McpGate.Core.Crypto;

namespace McpGate.Core.Approvals;

/// <summary>
/// Counts the approvals submitted for one change: each envelope verified against the policy's
/// approvers and the change's proof; the requester never counts; one vote per identity;
/// approvers must belong to one of the required groups when the rule names groups.
/// </summary>
public sealed record ApprovalTally
{
    public required IReadOnlyList<ApprovalRecord> Accepted { get; init; }

    public required IReadOnlyList<string> Refused { get; init; }

    public ApprovalRecord? Rejection { get; init; }

    public required int Required { get; init; }

    public bool QuorumMet => Rejection is null && Accepted.Count >= Required;

    public static ApprovalTally Count(
        ChangeDocument change,
        IEnumerable<string> envelopes,
        IReadOnlyCollection<TrustedApprover> approvers)
    {
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(envelopes);
        var digest = Sha256Digest.Parse(change.ProofDigest ?? throw new InvalidOperationException($"change {change.Id} has no proof"));
        var groups = change.Policy?.ApproverGroups ?? [];
        var accepted = new List<ApprovalRecord>();
        var refused = new List<string>();
        ApprovalRecord? rejection = null;
        foreach (var envelope in envelopes)
        {
            var check = Check(envelope, change, digest, groups, approvers);
            if (check.Failure is not null)
            {
                refused.Add(check.Failure);
                continue;
            }

            var record = check.Record!;
            if (record.Decision == ApprovalDecision.Reject)
            {
                rejection ??= record;
            }
            else if (accepted.Any(a => a.Identity == record.Identity))
            {
                refused.Add($"{record.Identity} already approved this change; one approval per approver counts");
            }
            else
            {
                accepted.Add(record);
            }
        }

        return new ApprovalTally
        {
            Accepted = accepted,
            Refused = refused,
            Rejection = rejection,
            Required = change.Policy?.RequiredApprovals ?? 1,
        };
    }

    /// <summary>Checks one envelope; returns the record or why it does not count.</summary>
    public static (ApprovalRecord? Record, string? Failure) Check(
        string envelope,
        ChangeDocument change,
        Sha256Digest proofDigest,
        IReadOnlyList<string> requiredGroups,
        IReadOnlyCollection<TrustedApprover> approvers)
    {
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(requiredGroups);
        var verification = ApprovalVerifier.Verify(envelope, change.Id, proofDigest, approvers);
        if (!verification.Succeeded)
        {
            return (null, verification.Failure);
        }

        var approver = verification.Approver!;
        var request = verification.Request!;
        if (string.Equals(approver.Identity, change.Requester, StringComparison.Ordinal))
        {
            return (null, $"{approver.Identity} requested this change and cannot approve it");
        }

        if (request.Decision == ApprovalDecision.Approve && requiredGroups.Count > 0
            && !approver.Groups.Intersect(requiredGroups, StringComparer.Ordinal).Any())
        {
            return (null, $"{approver.Identity} is not in any of the groups this change needs ({string.Join(", ", requiredGroups)})");
        }

        return (new ApprovalRecord
        {
            Identity = approver.Identity,
            KeyId = approver.PublicKey.KeyId,
            Decision = request.Decision,
            At = request.SignedAt,
            Comment = request.Comment,
        }, null);
    }
}
