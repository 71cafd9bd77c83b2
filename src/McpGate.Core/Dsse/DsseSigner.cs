using McpGate.Core.Crypto;

namespace McpGate.Core.Dsse;

/// <summary>Signs the PAE of a payload with Ed25519; the keyid hint is the key's <see cref="Ed25519PublicKey.KeyId"/>.</summary>
public static class DsseSigner
{
    public static DsseEnvelope Sign(string payloadType, byte[] payload, Ed25519PrivateKey key)
    {
        ArgumentException.ThrowIfNullOrEmpty(payloadType);
        ArgumentNullException.ThrowIfNull(payload);
        ArgumentNullException.ThrowIfNull(key);
        return new DsseEnvelope
        {
            PayloadType = payloadType,
            Payload = payload,
            Signatures = [CreateSignature(payloadType, payload, key)],
        };
    }

    /// <summary>
    /// A copy of <paramref name="envelope"/> with <paramref name="key"/>'s signature appended. Ed25519 is
    /// deterministic, so signing again with a key whose signature is already there returns the envelope unchanged.
    /// </summary>
    public static DsseEnvelope AddSignature(DsseEnvelope envelope, Ed25519PrivateKey key)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        ArgumentNullException.ThrowIfNull(key);
        var signature = CreateSignature(envelope.PayloadType, envelope.Payload, key);
        if (envelope.Signatures.Any(existing => existing.KeyId == signature.KeyId && existing.Sig.AsSpan().SequenceEqual(signature.Sig)))
        {
            return envelope;
        }

        return envelope with { Signatures = [.. envelope.Signatures, signature] };
    }

    private static DsseSignature CreateSignature(string payloadType, byte[] payload, Ed25519PrivateKey key) => new()
    {
        KeyId = key.PublicKey.KeyId,
        Sig = key.Sign(DssePae.Encode(payloadType, payload)),
    };
}
