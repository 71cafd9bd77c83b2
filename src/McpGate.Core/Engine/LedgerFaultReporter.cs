using McpGate.Core.Ledger;
using Microsoft.Extensions.Logging;

namespace McpGate.Core.Engine;

/// <summary>
/// Watches the ledger's storage between background passes: says once, in one line, that the
/// ledger cannot be written and why; backs off while it cannot (the poll interval doubling up to
/// a limit); and says once that it can be written again, which resets the back-off.
/// </summary>
internal sealed partial class LedgerFaultReporter(ILogger logger, TimeSpan pollInterval, TimeSpan retryLimit)
{
    private LedgerStorageException? _reported;
    private int _failedPasses;

    /// <summary>Reports <paramref name="fault"/> (the ledger's current one, or none) and returns the wait before the next pass.</summary>
    public TimeSpan AfterPass(LedgerStorageException? fault)
    {
        if (fault is null)
        {
            if (_reported is not null)
            {
                Log.LedgerRecovered(logger, _reported.DatabasePath, _failedPasses);
                _reported = null;
            }

            _failedPasses = 0;
            return pollInterval;
        }

        _failedPasses++;
        var delay = Backoff(pollInterval, retryLimit, _failedPasses);
        if (_reported is null || _reported.Condition != fault.Condition)
        {
            Log.LedgerUnavailable(logger, fault.Message, retryLimit);
        }

        _reported = fault;
        return delay;
    }

    /// <summary><paramref name="pollInterval"/> doubled for each failed pass after the first, at most <paramref name="retryLimit"/>.</summary>
    internal static TimeSpan Backoff(TimeSpan pollInterval, TimeSpan retryLimit, int failedPasses)
    {
        var delay = pollInterval;
        for (var i = 1; i < failedPasses && delay < retryLimit; i++)
        {
            delay *= 2;
        }

        return delay < retryLimit ? delay : retryLimit;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1101, Level = LogLevel.Error, Message = "The ledger cannot be written: {Fault}. Nothing moves until it can; retrying with back-off (at most every {RetryLimit})")]
        public static partial void LedgerUnavailable(ILogger logger, string fault, TimeSpan retryLimit);

        [LoggerMessage(EventId = 1102, Level = LogLevel.Information, Message = "The ledger {Path} can be written again after {FailedPasses} failed pass(es); work resumes")]
        public static partial void LedgerRecovered(ILogger logger, string path, int failedPasses);
    }
}
