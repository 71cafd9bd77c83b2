using Microsoft.Extensions.Logging;

namespace McpGate.Server.Transport;

/// <summary>The transport's log lines: one line each, no stack trace for a client's mistake.</summary>
internal static partial class TransportLog
{
    [LoggerMessage(EventId = 2201, Level = LogLevel.Information, Message = "MCP request {Method} (id {Id}) refused: {Code} {Reason}")]
    public static partial void RequestRefused(ILogger logger, string method, string id, int code, string reason);

    [LoggerMessage(EventId = 2202, Level = LogLevel.Warning, Message = "MCP request {Method} (id {Id}) failed inside the gate: {Code} {Reason}")]
    public static partial void RequestFailed(ILogger logger, string method, string id, int code, string reason);

    [LoggerMessage(EventId = 2203, Level = LogLevel.Information, Message = "MCP notification dropped: {Reason}")]
    public static partial void NotificationDropped(ILogger logger, string reason);

    [LoggerMessage(EventId = 2204, Level = LogLevel.Information, Message = "MCP request {Method} (id {Id}) not started: the client cancelled it before the gate read it")]
    public static partial void CancelledBeforeStart(ILogger logger, string method, string id);

    [LoggerMessage(EventId = 2205, Level = LogLevel.Warning, Message = "MCP stdio input failed: {Reason}")]
    public static partial void ReadFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 2206, Level = LogLevel.Information, Message = "MCP message (id {Id}) refused before dispatch: {Code} {Reason}")]
    public static partial void MessageRefused(ILogger logger, string id, int code, string reason);

    [LoggerMessage(EventId = 2207, Level = LogLevel.Information, Message = "MCP request server/discover (id {Id}) not started: the client sent initialize after it (it gave up waiting while the gate started)")]
    public static partial void DiscoverSuperseded(ILogger logger, string id);
}
