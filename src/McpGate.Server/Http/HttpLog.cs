using Microsoft.Extensions.Logging;

namespace McpGate.Server.Http;

/// <summary>The HTTP transport's log lines: never a token, only the identity and the token hash's prefix.</summary>
internal static partial class HttpLog
{
    [LoggerMessage(EventId = 2310, Level = LogLevel.Information, Message = "HTTP {Method} {Path} refused {Status}: {Reason}")]
    public static partial void Refused(ILogger logger, string method, string path, int status, string reason);

    [LoggerMessage(EventId = 2311, Level = LogLevel.Information, Message = "HTTP MCP {RpcMethod} by {Identity} (token sha256:{TokenPrefix}): {Status}")]
    public static partial void Served(ILogger logger, string rpcMethod, string identity, string tokenPrefix, int status);

    [LoggerMessage(EventId = 2312, Level = LogLevel.Warning, Message = "HTTP /readyz: not ready, {Part}: {Reason}")]
    public static partial void NotReady(ILogger logger, string part, string reason);

    [LoggerMessage(EventId = 2313, Level = LogLevel.Information, Message = "HTTP MCP message by {Identity} refused before dispatch: {Code} {Reason}")]
    public static partial void MessageRefused(ILogger logger, string identity, int code, string reason);

    [LoggerMessage(EventId = 2314, Level = LogLevel.Information, Message = "HTTP MCP {RpcMethod} by {Identity} (token sha256:{TokenPrefix}) in session {Session}: {Status}")]
    public static partial void ServedInSession(ILogger logger, string rpcMethod, string identity, string tokenPrefix, string session, int status);

    [LoggerMessage(EventId = 2315, Level = LogLevel.Information, Message = "HTTP GET stream of session {Session} opened by {Identity} (token sha256:{TokenPrefix})")]
    public static partial void StreamOpened(ILogger logger, string identity, string tokenPrefix, string session);

    [LoggerMessage(EventId = 2316, Level = LogLevel.Warning, Message = "HTTP rate limit for {Identity} (token sha256:{TokenPrefix}): {Reason}")]
    public static partial void RateLimited(ILogger logger, string identity, string tokenPrefix, string reason);
}
