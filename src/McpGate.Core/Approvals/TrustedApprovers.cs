using McpGate.Core.Crypto;
using McpGate.Core.Policy;

namespace McpGate.Core.Approvals;

/// <summary>Turns the policy's approver entries into keys that passed every check.</summary>
public static class TrustedApprovers
{
    /// <summary>The approver whose key this is.</summary>
    /// <exception cref="ApprovalRefusedException">No approver in the policy has this key; the message says how to add it.</exception>
    public static TrustedApprover Holding(IEnumerable<TrustedApprover> approvers, Ed25519PublicKey key)
    {
        ArgumentNullException.ThrowIfNull(approvers);
        ArgumentNullException.ThrowIfNull(key);
        return approvers.FirstOrDefault(a => a.PublicKey.Equals(key))
            ?? throw new ApprovalRefusedException(
                $"this key ({key}) is not an approver in the policy; add it to a policy file's approvers, e.g. - {{ identity: NAME, groups: [sre], publicKey: '{key}' }}");
    }

    /// <exception cref="KeyFormatException">An approver's key is unusable; the message names the approver.</exception>
    /// <exception cref="ArgumentException">
    /// An identity or group breaks the identity rule, or two approvers share a canonical identity
    /// (the policy loader refuses both; this guards sets built in code).
    /// </exception>
    public static IReadOnlyList<TrustedApprover> FromPolicy(PolicySet policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var result = new List<TrustedApprover>(policy.Approvers.Count);
        foreach (var entry in policy.Approvers)
        {
            var approver = entry with
            {
                Identity = Identities.Canonicalize(entry.Identity),
                Groups = [.. entry.Groups.Select(Identities.Canonicalize)],
            };
            if (result.FirstOrDefault(a => a.Identity == approver.Identity) is { } twin)
            {
                throw new ArgumentException($"approver {twin.Identity} is listed twice (identities ignore case)", nameof(policy));
            }

            Ed25519PublicKey key;
            try
            {
                key = Ed25519PublicKey.Parse(approver.PublicKey);
            }
            catch (KeyFormatException ex)
            {
                throw new KeyFormatException($"approver '{approver.Identity}': publicKey: {ex.Message}", ex);
            }

            if (result.FirstOrDefault(a => a.PublicKey.Equals(key)) is { } other)
            {
                throw new KeyFormatException($"approvers '{other.Identity}' and '{approver.Identity}' share one public key; each approver needs a key of their own");
            }

            result.Add(new TrustedApprover { Identity = approver.Identity, Groups = approver.Groups, PublicKey = key });
        }

        return result;
    }
}
