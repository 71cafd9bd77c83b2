using Microsoft.Extensions.Logging;

namespace McpGate.Kubernetes.Api;

/// <summary>Log messages of the Kubernetes client. Paths and status codes only: never headers, tokens or bodies.</summary>
internal static partial class KubeApiLog
{
    [LoggerMessage(EventId = 3100, Level = LogLevel.Debug, Message = "Kubernetes {Method} {Path} -> {StatusCode} in {ElapsedMs} ms")]
    public static partial void Completed(ILogger logger, string method, string path, int statusCode, double elapsedMs);

    [LoggerMessage(EventId = 3101, Level = LogLevel.Warning, Message = "Kubernetes request attempt {Attempt} follows {Cause}; waiting {DelayMs} ms")]
    public static partial void Retrying(ILogger logger, int attempt, string cause, double delayMs);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Warning, Message = "Kubernetes {Method} {Path} failed: {StatusCode} {Reason}")]
    public static partial void Failed(ILogger logger, string method, string path, int statusCode, KubeApiReason reason);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Warning, Message = "Kubernetes {Method} {Path} timed out after {TimeoutMs} ms")]
    public static partial void TimedOut(ILogger logger, string method, string path, double timeoutMs);

    [LoggerMessage(EventId = 3104, Level = LogLevel.Information, Message = "Watch {Path}: resourceVersion expired (410); listing again")]
    public static partial void WatchRelisting(ILogger logger, string path);

    [LoggerMessage(EventId = 3105, Level = LogLevel.Warning, Message = "Watch {Path}: stream lost ({Cause}), failure {Failures} in a row; reconnecting in {DelayMs} ms")]
    public static partial void WatchReconnecting(ILogger logger, string path, int failures, double delayMs, string cause);
}
