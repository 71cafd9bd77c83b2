using System.Security.Cryptography;
using System.Text;

namespace McpGate.Core.Tokens;

/// <summary>The tokens of one <c>tokens.yaml</c>: which identity, if any, a presented bearer token stands for.</summary>
public sealed class AgentTokenSet
{
    public AgentTokenSet(IReadOnlyList<AgentToken> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        Tokens = tokens;
    }

    public static AgentTokenSet Empty { get; } = new([]);

    public IReadOnlyList<AgentToken> Tokens { get; }

    /// <summary>
    /// The entry whose hash is the token's, or null. Every entry is compared in constant time, so the
    /// time taken says nothing about how close a guess came.
    /// </summary>
    public AgentToken? Find(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        var presented = Encoding.ASCII.GetBytes(AgentTokenSecret.Hash(token));
        AgentToken? found = null;
        foreach (var entry in Tokens)
        {
            if (CryptographicOperations.FixedTimeEquals(presented, Encoding.ASCII.GetBytes(entry.Sha256)))
            {
                found = entry;
            }
        }

        return found;
    }
}
