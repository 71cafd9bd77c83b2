using System.Collections.Concurrent;
using McpGate.Core.Changes;
using McpGate.Core.Ledger;
using Microsoft.Extensions.Logging;

namespace McpGate.Server.Hosting;

/// <summary>
/// A test hook for crash trials, off unless <see cref="Variable"/> is set in the server's
/// environment: <c>after:EVENT</c> stops, for good, the thread that has just committed ledger event
/// EVENT of a change proposed by this process; <c>before:EVENT</c> stops it just before that write
/// begins. A test then kills the process (SIGKILL) at exactly that step. Changes this process did
/// not propose (those it recovers after a restart) are never stopped. Read only here, by the host;
/// no MCP request can set or reach it.
/// </summary>
internal sealed partial class TestCrashPoint
{
    public const string Variable = "MCPGATE_TEST_CRASH_POINT";

    private readonly string _eventType;
    private readonly bool _afterCommit;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, byte> _proposedHere = new(StringComparer.Ordinal);

    private TestCrashPoint(string eventType, bool afterCommit, ILogger logger)
    {
        _eventType = eventType;
        _afterCommit = afterCommit;
        _logger = logger;
    }

    /// <summary>The crash point the environment asks for, or null when <see cref="Variable"/> is unset or empty.</summary>
    /// <exception cref="GateStartupException">The value is not <c>before:EVENT</c> or <c>after:EVENT</c>.</exception>
    public static TestCrashPoint? FromEnvironment(Func<string, string?> environment, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (environment(Variable) is not { Length: > 0 } value)
        {
            return null;
        }

        var colon = value.IndexOf(':', StringComparison.Ordinal);
        var when = colon > 0 ? value[..colon] : string.Empty;
        var eventType = colon > 0 ? value[(colon + 1)..] : string.Empty;
        if (when is not ("before" or "after") || eventType.Length == 0)
        {
            throw new GateStartupException($"{Variable}={value}: must be before:EVENT or after:EVENT (a ledger event type such as after:executing); unset it outside tests");
        }

        Log.Armed(logger, value);
        return new TestCrashPoint(eventType, when == "after", logger);
    }

    public void Attach(ChangeLedger ledger)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ledger.WriteObserver = Observe;
    }

    private void Observe(LedgerWriteStep step)
    {
        if (step.Committed && step.EventType == ChangeState.Proposed.ToWire())
        {
            _proposedHere.TryAdd(step.ChangeId, 0);
        }

        if (step.Committed != _afterCommit || !string.Equals(step.EventType, _eventType, StringComparison.Ordinal)
            || !_proposedHere.ContainsKey(step.ChangeId))
        {
            return;
        }

        Log.Holding(_logger, step.Committed ? "after" : "before", step.EventType, step.ChangeId);
        Thread.Sleep(Timeout.Infinite);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2120, Level = LogLevel.Warning, Message = "Test crash point armed ({Point}): a thread writing that ledger event stops until the process is killed; never set this outside tests")]
        public static partial void Armed(ILogger logger, string point);

        [LoggerMessage(EventId = 2121, Level = LogLevel.Warning, Message = "Test crash point reached: stopped {When} '{EventType}' of change {ChangeId} until the process is killed")]
        public static partial void Holding(ILogger logger, string when, string eventType, string changeId);
    }
}
