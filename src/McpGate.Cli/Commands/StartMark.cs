using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace McpGate.Cli.Commands;

/// <summary>
/// Debug lines marking how long each step of <c>serve</c>'s start took, counted from the process start
/// (runtime start-up included), so that <c>--log-level Debug</c> shows where start-up time goes.
/// </summary>
internal sealed partial class StartMark
{
    private readonly ILogger _logger;
    private readonly DateTime _processStart;
    private TimeSpan _last;

    private StartMark(ILogger logger, DateTime processStart)
    {
        _logger = logger;
        _processStart = processStart;
    }

    public static StartMark Begin(ILogger logger)
    {
        if (!logger.IsEnabled(LogLevel.Debug))
        {
            // Nothing is logged: the process's start time is not read either.
            return new StartMark(logger, default);
        }

        using var self = Process.GetCurrentProcess();
        var mark = new StartMark(logger, self.StartTime.ToUniversalTime());
        mark.Step("command line parsed, logging ready");
        return mark;
    }

    /// <summary>Milliseconds since the process started; any thread may read it (0 without Debug logging).</summary>
    public long ElapsedMs => _processStart == default ? 0 : (long)(DateTime.UtcNow - _processStart).TotalMilliseconds;

    public void Step(string step)
    {
        if (!_logger.IsEnabled(LogLevel.Debug))
        {
            return;
        }

        var now = DateTime.UtcNow - _processStart;
        Log.Step(_logger, step, (long)now.TotalMilliseconds, (long)(now - _last).TotalMilliseconds);
        _last = now;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1304, Level = LogLevel.Debug, Message = "Start: {Step} at {ElapsedMs} ms after the process started (+{StepMs} ms)")]
        public static partial void Step(ILogger logger, string step, long elapsedMs, long stepMs);
    }
}
