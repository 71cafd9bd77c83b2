using Microsoft.Extensions.Logging;

namespace McpGate.Sandbox.Diagnostics;

/// <summary>The sandbox's log events; stable ids, no secrets.</summary>
internal static partial class SandboxLog
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "Sandbox cluster listening on {BaseAddress}")]
    public static partial void Started(ILogger logger, Uri baseAddress);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Sandbox cluster stopped")]
    public static partial void Stopped(ILogger logger);

    [LoggerMessage(EventId = 1010, Level = LogLevel.Debug, Message = "{Method} {Path} -> {StatusCode}")]
    public static partial void RequestHandled(ILogger logger, string method, string path, int statusCode);

    [LoggerMessage(EventId = 1011, Level = LogLevel.Warning, Message = "Rejected unauthenticated {Method} {Path}")]
    public static partial void Unauthorized(ILogger logger, string method, string path);

    [LoggerMessage(EventId = 1012, Level = LogLevel.Error, Message = "Unhandled error on {Method} {Path}")]
    public static partial void RequestFailed(ILogger logger, Exception exception, string method, string path);

    [LoggerMessage(EventId = 1013, Level = LogLevel.Information, Message = "Injected fault {Kind} on {Method} {Path}")]
    public static partial void FaultInjected(ILogger logger, Faults.SandboxFaultKind kind, string method, string path);

    [LoggerMessage(EventId = 1020, Level = LogLevel.Debug, Message = "Controller created pod {Namespace}/{Name}")]
    public static partial void PodCreated(ILogger logger, string @namespace, string name);

    [LoggerMessage(EventId = 1021, Level = LogLevel.Debug, Message = "Controller deleted pod {Namespace}/{Name}")]
    public static partial void PodDeleted(ILogger logger, string @namespace, string name);

    [LoggerMessage(EventId = 1022, Level = LogLevel.Debug, Message = "Pod {Namespace}/{Name} is ready")]
    public static partial void PodReady(ILogger logger, string @namespace, string name);

    [LoggerMessage(EventId = 1023, Level = LogLevel.Error, Message = "Controller reconcile failed")]
    public static partial void ReconcileFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1030, Level = LogLevel.Information, Message = "Sandbox state loaded from {Path} at revision {Revision}")]
    public static partial void StateLoaded(ILogger logger, string path, long revision);

    [LoggerMessage(EventId = 1031, Level = LogLevel.Error, Message = "Saving the sandbox state to {Path} failed")]
    public static partial void StateSaveFailed(ILogger logger, Exception exception, string path);
}
