using McpGate.Core.Crypto;

namespace McpGate.Core.Dsse;

/// <summary>The outcome of <see cref="DsseVerifier.Verify"/>: which distinct trusted keys signed, and why it failed if it did.</summary>
public sealed record DsseVerification
{
    public required bool Succeeded { get; init; }

    public required IReadOnlyList<Ed25519PublicKey> VerifiedKeys { get; init; }

    public string? Failure { get; init; }
}
