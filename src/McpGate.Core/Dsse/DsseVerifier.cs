using System.Globalization;
using McpGate.Core.Crypto;

namespace McpGate.Core.Dsse;

/// <summary>
/// Verifies DSSE envelopes against trusted Ed25519 keys. The keyid is only a hint for which key
/// to try first; a threshold counts distinct trusted keys, and each signature counts for one key at most.
/// </summary>
public static class DsseVerifier
{
    public static DsseVerification Verify(DsseEnvelope envelope, IReadOnlyCollection<Ed25519PublicKey> trustedKeys, int threshold = 1)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        ArgumentNullException.ThrowIfNull(trustedKeys);
        ArgumentOutOfRangeException.ThrowIfLessThan(threshold, 1);
        ArgumentNullException.ThrowIfNull(envelope.PayloadType, nameof(envelope));
        ArgumentNullException.ThrowIfNull(envelope.Payload, nameof(envelope));
        ArgumentNullException.ThrowIfNull(envelope.Signatures, nameof(envelope));

        var keys = trustedKeys.Distinct().ToList();
        var pae = DssePae.Encode(envelope.PayloadType, envelope.Payload);
        var verified = new List<Ed25519PublicKey>();
        var problems = new List<string>();
        for (var index = 0; index < envelope.Signatures.Count; index++)
        {
            var signature = envelope.Signatures[index];
            var signer = FindSigner(signature, keys, pae);
            if (signer is null)
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"signature {index} (keyid '{Shorten(signature?.KeyId)}') is not valid under any trusted key"));
            }
            else if (verified.Contains(signer))
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"signature {index} repeats trusted key {signer.KeyId[..16]}, which counts once"));
            }
            else
            {
                verified.Add(signer);
            }
        }

        if (verified.Count >= threshold)
        {
            return new DsseVerification { Succeeded = true, VerifiedKeys = verified.AsReadOnly() };
        }

        if (keys.Count == 0)
        {
            problems.Insert(0, "no trusted keys were given");
        }
        else if (keys.Count < threshold)
        {
            problems.Insert(0, string.Create(CultureInfo.InvariantCulture, $"only {keys.Count} trusted keys exist"));
        }

        if (envelope.Signatures.Count == 0)
        {
            problems.Add("the envelope has no signatures");
        }

        var failure = string.Create(
            CultureInfo.InvariantCulture,
            $"{verified.Count} of {threshold} required signatures verified: {string.Join("; ", problems)}");
        return new DsseVerification { Succeeded = false, VerifiedKeys = verified.AsReadOnly(), Failure = failure };
    }

    private static Ed25519PublicKey? FindSigner(DsseSignature? signature, List<Ed25519PublicKey> keys, byte[] pae)
    {
        if (signature?.Sig is null)
        {
            return null;
        }

        // Hinted keys first (cheap path), then every trusted key: the hint is never trusted.
        var ordered = keys.Where(key => key.KeyId == signature.KeyId).Concat(keys.Where(key => key.KeyId != signature.KeyId));
        return ordered.FirstOrDefault(key => key.Verify(pae, signature.Sig));
    }

    // The keyid comes from the envelope: keep it short and printable in messages.
    private static string Shorten(string? keyId)
    {
        if (string.IsNullOrEmpty(keyId))
        {
            return string.Empty;
        }

        var shown = new string(keyId.Take(16).Select(c => c is >= ' ' and <= '~' ? c : '?').ToArray());
        return keyId.Length > 16 ? shown + "..." : shown;
    }
}
