using ModelContextProtocol.Server;

namespace McpGate.Server.Resources;

/// <summary>
/// Which MCP session a subscription belongs to: the server's options object (one per server the host
/// creates: the stdio session, or each HTTP server) with the session id when the transport has one.
/// The options are compared by reference, so two servers never share subscriptions.
/// </summary>
internal readonly record struct SubscriptionSession(McpServerOptions Server, string? SessionId, string? Stream = null)
{
    public static SubscriptionSession Of(McpServer server)
    {
        ArgumentNullException.ThrowIfNull(server);
        return new SubscriptionSession(server.ServerOptions, server.SessionId);
    }

    public bool Equals(SubscriptionSession other) =>
        ReferenceEquals(Server, other.Server)
        && string.Equals(SessionId, other.SessionId, StringComparison.Ordinal)
        && string.Equals(Stream, other.Stream, StringComparison.Ordinal);

    public override int GetHashCode() =>
        HashCode.Combine(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(Server), SessionId, Stream);
}
