using McpGate.Server.Hosting;
using McpGate.Server.Http;
using ModelContextProtocol.Server;

namespace McpGate.Server.Tools;

/// <summary>
/// Who asks, for policy, the self-approval check and the ledger: over HTTP the identity of the
/// bearer token (set by the HTTP endpoint, never by the client's messages); over stdio the
/// operator's <c>--agent</c>.
/// </summary>
internal static class Requester
{
    public static string Of<TParams>(RequestContext<TParams> request, GateContext gate) =>
        AgentPrincipal.IdentityOf(request.User) ?? gate.Agent;

    /// <summary>The SHA-256 prefix of the bearer token the request came with; null over stdio.</summary>
    public static string? TokenOf<TParams>(RequestContext<TParams> request) =>
        AgentPrincipal.IdentityOf(request.User) is null ? null : request.User!.FindFirst(AgentPrincipal.TokenHashClaim)?.Value;
}
