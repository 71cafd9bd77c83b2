using Microsoft.Extensions.Logging;

namespace McpGate.Core.Engine;

public sealed partial class ChangeEngine
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Change {ChangeId}: {From} -> {To}")]
        public static partial void Transitioned(ILogger logger, string changeId, string from, string to);

        [LoggerMessage(EventId = 1002, Level = LogLevel.Debug, Message = "Change {ChangeId}: {From} -> {To} was done by another process")]
        public static partial void TransitionLost(ILogger logger, string changeId, string from, string to);

        [LoggerMessage(EventId = 1003, Level = LogLevel.Error, Message = "Background pass failed; retrying at the next interval")]
        public static partial void BackgroundPassFailed(ILogger logger, Exception exception);

        [LoggerMessage(EventId = 1004, Level = LogLevel.Warning, Message = "Change {ChangeId}: work interrupted by shutdown; it resumes from the ledger on the next start")]
        public static partial void WorkInterrupted(ILogger logger, string changeId);

        [LoggerMessage(EventId = 1005, Level = LogLevel.Error, Message = "Change {ChangeId}: work failed")]
        public static partial void WorkFailed(ILogger logger, string changeId, Exception exception);

        [LoggerMessage(EventId = 1006, Level = LogLevel.Information, Message = "Change {ChangeId} proposed by {Requester}: {Summary} ({State})")]
        public static partial void Proposed(ILogger logger, string changeId, string requester, string summary, string state);
    }
}
