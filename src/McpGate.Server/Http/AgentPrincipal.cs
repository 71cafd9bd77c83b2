using System.Security.Claims;
using McpGate.Core.Tokens;

namespace McpGate.Server.Http;

/// <summary>
/// The authenticated agent of an HTTP request, as the SDK carries it to the tools
/// (<c>JsonRpcMessageContext.User</c>): its identity, groups and the token's hash prefix.
/// </summary>
public static class AgentPrincipal
{
    /// <summary>The authentication type of principals made here; no other principal names a requester.</summary>
    public const string AuthenticationType = "mcpgate-bearer";

    public const string TokenHashClaim = "mcpgate:token-sha256-prefix";

    public static ClaimsPrincipal Create(AgentToken token)
    {
        ArgumentNullException.ThrowIfNull(token);
        var claims = new List<Claim> { new(ClaimTypes.Name, token.Identity), new(TokenHashClaim, token.HashPrefix) };
        claims.AddRange(token.Groups.Select(g => new Claim(ClaimTypes.Role, g)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, AuthenticationType, ClaimTypes.Name, ClaimTypes.Role));
    }

    /// <summary>The identity of a principal made by <see cref="Create"/>; null for anything else (stdio has none).</summary>
    public static string? IdentityOf(ClaimsPrincipal? user) =>
        user?.Identities.FirstOrDefault(i => i.IsAuthenticated && i.AuthenticationType == AuthenticationType)?.Name;
}
