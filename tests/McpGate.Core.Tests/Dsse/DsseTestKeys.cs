using McpGate.Core.Crypto;

namespace McpGate.Core.Tests.Dsse;

/// <summary>Deterministic keys for DSSE tests.</summary>
internal static class DsseTestKeys
{
    public static Ed25519PrivateKey Create(byte seed)
    {
        var bytes = new byte[32];
        bytes.AsSpan().Fill(seed);
        return Ed25519PrivateKey.FromSeed(bytes);
    }
}
