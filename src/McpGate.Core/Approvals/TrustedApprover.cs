using McpGate.Core.Crypto;

namespace McpGate.Core.Approvals;

/// <summary>An approver from the policy, with a public key that passed every key check.</summary>
public sealed record TrustedApprover
{
    public required string Identity { get; init; }

    public required IReadOnlyList<string> Groups { get; init; }

    public required Ed25519PublicKey PublicKey { get; init; }
}
