using McpGate.Core.Changes;
using McpGate.Core.Crypto;

namespace McpGate.Core.Proofs;

/// <summary>
/// Verifies a stored change's proof with the gate's key and returns what it commits to,
/// refusing a change whose stored document no longer matches its signed proof.
/// </summary>
public static class ProofCheck
{
    public static (ProofClaims? Claims, Sha256Digest Digest, string? Failure) Verify(ChangeDocument change, Ed25519PublicKey gateKey)
    {
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(gateKey);
        if (change.ProofEnvelope is null || change.ProofDigest is null)
        {
            return (null, default, $"change {change.Id} has no proof");
        }

        var proof = ProofVerifier.Verify(change.ProofEnvelope, gateKey, requireSignature: true);
        if (!proof.Succeeded)
        {
            return (null, default, $"its proof does not verify: {proof.Failure}");
        }

        var digest = proof.Digest!.Value;
        if (digest.ToString() != change.ProofDigest)
        {
            return (null, digest, $"its stored proof digest {change.ProofDigest} is not the proof's digest {digest}");
        }

        ProofClaims claims;
        try
        {
            claims = ProofClaims.FromStatement(proof.Statement!);
        }
        catch (FormatException ex)
        {
            return (null, digest, ex.Message);
        }

        var mismatches = claims.Mismatches(change);
        return mismatches.Count == 0
            ? (claims, digest, null)
            : (null, digest, $"the stored change does not match its signed proof ({string.Join(", ", mismatches)}); the ledger's change record was edited");
    }
}
