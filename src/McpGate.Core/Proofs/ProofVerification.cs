using System.Text.Json.Nodes;
using McpGate.Core.Crypto;

namespace McpGate.Core.Proofs;

/// <summary>The outcome of checking a proof envelope; on success the parsed statement.</summary>
public sealed record ProofVerification
{
    public required bool Succeeded { get; init; }

    public string? Failure { get; init; }

    public bool SignatureVerified { get; init; }

    public Sha256Digest? Digest { get; init; }

    public JsonObject? Statement { get; init; }

    public string? ChangeId { get; init; }

    public DateTimeOffset? ExpiresAt { get; init; }

    public static ProofVerification Fail(string failure) => new() { Succeeded = false, Failure = failure };
}
