using McpGate.Core.Changes;

namespace McpGate.Core.Approvals;

/// <summary>
/// Counts the decisions submitted for one change: each envelope verified against the policy's
/// approvers and the change's proof; the requester never counts; one vote per identity;
/// approvers must be in the groups the rules name. A verified rejection stops the change.
/// </summary>
public sealed record ApprovalTally
{
    public required IReadOnlyList<ApprovalRecord> Accepted { get; init; }

    public required IReadOnlyList<string> Refused { get; init; }

    public ApprovalRecord? Rejection { get; init; }

    public required int Required { get; init; }

    public bool QuorumMet => Rejection is null && Accepted.Count >= Required;

    public static ApprovalTally Count(ApprovalRules rules, IEnumerable<string> envelopes, IReadOnlyCollection<TrustedApprover> approvers)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(envelopes);
        var accepted = new List<ApprovalRecord>();
        var refused = new List<string>();
        ApprovalRecord? rejection = null;
        foreach (var envelope in envelopes)
        {
            var (record, failure) = Check(envelope, rules, approvers);
            if (record is null)
            {
                refused.Add(failure!);
            }
            else if (record.Decision == ApprovalDecision.Reject)
            {
                rejection ??= record;
            }
            else if (accepted.Any(a => string.Equals(a.Identity, record.Identity, StringComparison.Ordinal)))
            {
                refused.Add($"{record.Identity} already approved this change; one approval per approver counts");
            }
            else
            {
                accepted.Add(record);
            }
        }

        return new ApprovalTally { Accepted = accepted, Refused = refused, Rejection = rejection, Required = rules.Required };
    }

    /// <summary>Checks one envelope; returns the record or why it does not count.</summary>
    public static (ApprovalRecord? Record, string? Failure) Check(string envelope, ApprovalRules rules, IReadOnlyCollection<TrustedApprover> approvers)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var verification = ApprovalVerifier.Verify(envelope, rules.ChangeId, rules.ProofDigest, approvers);
        if (!verification.Succeeded)
        {
            return (null, verification.Failure);
        }

        var approver = verification.Approver!;
        var request = verification.Request!;
        var refusal = rules.Refusal(approver, request.Decision);
        if (refusal is not null)
        {
            return (null, refusal);
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
