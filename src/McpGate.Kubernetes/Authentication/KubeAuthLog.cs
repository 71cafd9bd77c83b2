using Microsoft.Extensions.Logging;

namespace McpGate.Kubernetes.Authentication;

/// <summary>Authentication log messages: plugin names and reasons only, never a token or a key.</summary>
internal static partial class KubeAuthLog
{
    [LoggerMessage(EventId = 3200, Level = LogLevel.Debug, Message = "Running {Plugin} for a credential ({Why})")]
    public static partial void RunningPlugin(ILogger logger, string plugin, string why);

    [LoggerMessage(EventId = 3201, Level = LogLevel.Information, Message = "The API server answered 401; fetching a new credential and retrying once")]
    public static partial void RefreshingAfterUnauthorized(ILogger logger);
}
