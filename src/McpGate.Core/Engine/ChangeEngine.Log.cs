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

        [LoggerMessage(EventId = 1007, Level = LogLevel.Error, Message = "Change {ChangeId}: skipped this pass")]
        public static partial void ChangeSkipped(ILogger logger, string changeId, Exception exception);

        [LoggerMessage(EventId = 1008, Level = LogLevel.Information, Message = "This process now executes approved changes (lock {LockPath})")]
        public static partial void BecameExecutor(ILogger logger, string lockPath);

        [LoggerMessage(EventId = 1009, Level = LogLevel.Warning, Message = "Change {ChangeId}: the write's outcome is uncertain ({Kind}); it will be reconciled against the cluster")]
        public static partial void UncertainWrite(ILogger logger, string changeId, string kind, Exception exception);

        [LoggerMessage(EventId = 1010, Level = LogLevel.Warning, Message = "Change {ChangeId}: approval not counted: {Reason}")]
        public static partial void ApprovalNotCounted(ILogger logger, string changeId, string reason);

        [LoggerMessage(EventId = 1011, Level = LogLevel.Information, Message = "Change {ChangeId}: approved, waiting for {Rule} to end (at {Until}) before executing")]
        public static partial void WaitingForFreeze(ILogger logger, string changeId, string rule, DateTimeOffset? until);

        [LoggerMessage(EventId = 1012, Level = LogLevel.Information, Message = "Change {ChangeId}: {From} -> {To} not written: {Reason}")]
        public static partial void ClaimRefused(ILogger logger, string changeId, string from, string to, string reason);

        [LoggerMessage(EventId = 1013, Level = LogLevel.Information, Message = "Change {ChangeId}: held by executor {Owner} (pid {ProcessId}, lease until {LeaseExpires:O}), which is alive; leaving it alone")]
        public static partial void ClaimHeldElsewhere(ILogger logger, string changeId, string owner, int processId, DateTimeOffset leaseExpires);

        [LoggerMessage(EventId = 1014, Level = LogLevel.Warning, Message = "Change {ChangeId}: another executor took over the claim; this process stopped working on it")]
        public static partial void ClaimLost(ILogger logger, string changeId);

        [LoggerMessage(EventId = 1015, Level = LogLevel.Warning, Message = "Change {ChangeId}: failed, the ledger does not prove its approval: {Reason}")]
        public static partial void ApprovalNotProven(ILogger logger, string changeId, string reason);

        [LoggerMessage(EventId = 1021, Level = LogLevel.Information, Message = "Change {ChangeId}: proposed again by {Requester}; the identical pending change is returned")]
        public static partial void ProposalRepeated(ILogger logger, string changeId, string requester);

        [LoggerMessage(EventId = 1022, Level = LogLevel.Debug, Message = "Change {ChangeId}: work stopped, the ledger cannot be written; it resumes when it can")]
        public static partial void WorkStoppedByStorage(ILogger logger, string changeId);

        [LoggerMessage(EventId = 1023, Level = LogLevel.Warning, Message = "Change {ChangeId}: verification failed; rollback {RollbackId} proposed, waiting for its own approval")]
        public static partial void RollbackProposed(ILogger logger, string changeId, string rollbackId);

        [LoggerMessage(EventId = 1024, Level = LogLevel.Warning, Message = "Change {ChangeId}: verification failed; no rollback proposed: {Reason}")]
        public static partial void RollbackNotProposed(ILogger logger, string changeId, string reason);

        [LoggerMessage(EventId = 1025, Level = LogLevel.Debug, Message = "Decisions wake the engine as they are announced ({SignalPath}); the poll every {PollInterval} stays")]
        public static partial void WatchingDecisions(ILogger logger, string signalPath, TimeSpan pollInterval);

        [LoggerMessage(EventId = 1026, Level = LogLevel.Information, Message = "Cannot watch {SignalPath} for decisions written by other processes; they are found by the poll every {PollInterval}")]
        public static partial void DecisionsPolledOnly(ILogger logger, string signalPath, TimeSpan pollInterval);

        [LoggerMessage(EventId = 1040, Level = LogLevel.Information, Message = "Change {ChangeId}: eviction of pod {Pod} refused by a disruption budget; waiting: {Refusal}")]
        public static partial void EvictionWaits(ILogger logger, string changeId, string pod, string refusal);
    }
}
