namespace McpGate.Core.Policy;

/// <summary>A human who may approve changes, with the public half of their own signing key.</summary>
public sealed record Approver
{
    public required string Identity { get; init; }

    public IReadOnlyList<string> Groups { get; init; } = [];

    /// <summary><c>ed25519:</c> followed by the base64 of 32 bytes; checked for shape only here.</summary>
    public required string PublicKey { get; init; }
}
