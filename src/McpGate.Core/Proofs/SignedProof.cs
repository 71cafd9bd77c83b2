using McpGate.Core.Crypto;
using McpGate.Core.Dsse;

namespace McpGate.Core.Proofs;

/// <summary>A signed proof and the digest approvers sign (SHA-256 of the statement bytes).</summary>
public sealed record SignedProof
{
    public required DsseEnvelope Envelope { get; init; }

    public required Sha256Digest Digest { get; init; }

    public required Sha256Digest ObservedDigest { get; init; }

    public required int ReleaseScore { get; init; }
}
