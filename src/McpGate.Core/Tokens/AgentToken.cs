namespace McpGate.Core.Tokens;

/// <summary>
/// One agent's bearer token as the policy directory knows it: the SHA-256 of the token, never the
/// token, and the identity (and groups) it stands for. Over HTTP that identity is the requester.
/// </summary>
public sealed record AgentToken
{
    /// <summary>Canonical identity (<see cref="Policy.Identities"/>): what policy rules and the self-approval check see.</summary>
    public required string Identity { get; init; }

    /// <summary>Canonical group names; recorded, not yet matched by policy rules.</summary>
    public IReadOnlyList<string> Groups { get; init; } = [];

    /// <summary>Lower-case hex SHA-256 of the token's UTF-8 bytes (64 characters).</summary>
    public required string Sha256 { get; init; }

    /// <summary>The first characters of the hash: enough to name the token in logs and to revoke it, useless to an attacker.</summary>
    public string HashPrefix => Sha256[..AgentTokenSecret.PrefixLength];
}
