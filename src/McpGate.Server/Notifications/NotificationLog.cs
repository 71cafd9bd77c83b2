using Microsoft.Extensions.Logging;

namespace McpGate.Server.Notifications;

/// <summary>The notifiers' log lines: one per failed attempt, never a key, a body or a webhook's path.</summary>
internal static partial class NotificationLog
{
    [LoggerMessage(EventId = 2601, Level = LogLevel.Warning, Message = "Notifier {Notifier}: {Event} of change {ChangeId} (entry {Sequence}) attempt {Attempt} failed: {Reason}; retrying")]
    public static partial void AttemptFailed(ILogger logger, string notifier, string @event, string changeId, long sequence, int attempt, string reason);

    [LoggerMessage(EventId = 2602, Level = LogLevel.Warning, Message = "Notifier {Notifier}: {Event} of change {ChangeId} (entry {Sequence}) not delivered after {Attempts} attempts: {Reason}")]
    public static partial void GaveUp(ILogger logger, string notifier, string @event, string changeId, long sequence, int attempts, string reason);

    [LoggerMessage(EventId = 2603, Level = LogLevel.Warning, Message = "Notifier {Notifier}: the ledger could not be read or written ({Reason}); trying again shortly")]
    public static partial void LedgerFault(ILogger logger, string notifier, string reason);

    [LoggerMessage(EventId = 2604, Level = LogLevel.Information, Message = "Notifier {Notifier} ({Kind} to {Destination}) sends {Events} for ledger entries after {Sequence}")]
    public static partial void Started(ILogger logger, string notifier, string kind, string destination, string events, long sequence);

    [LoggerMessage(EventId = 2605, Level = LogLevel.Debug, Message = "Notifier {Notifier}: {Event} of change {ChangeId} (entry {Sequence}) delivered at attempt {Attempt}")]
    public static partial void Delivered(ILogger logger, string notifier, string @event, string changeId, long sequence, int attempt);

    [LoggerMessage(EventId = 2606, Level = LogLevel.Error, Message = "Notifier {Notifier} failed unexpectedly; trying again shortly")]
    public static partial void Failed(ILogger logger, string notifier, Exception exception);
}
