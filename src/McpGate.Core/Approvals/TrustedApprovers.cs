using McpGate.Core.Crypto;
using McpGate.Core.Policy;

namespace McpGate.Core.Approvals;

/// <summary>Turns the policy's approver entries into keys that passed every check.</summary>
public static class TrustedApprovers
{
    /// <exception cref="KeyFormatException">An approver's key is unusable; the message names the approver.</exception>
    public static IReadOnlyList<TrustedApprover> FromPolicy(PolicySet policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var result = new List<TrustedApprover>(policy.Approvers.Count);
        foreach (var approver in policy.Approvers)
        {
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
