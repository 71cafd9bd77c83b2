using McpGate.Core.Crypto;
using McpGate.Core.Policy;

namespace McpGate.Core.Approvals;

/// <summary>Turns the policy's approver entries into keys that passed every check.</summary>
public static class TrustedApprovers
{
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
