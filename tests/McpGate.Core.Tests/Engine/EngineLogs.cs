using McpGate.Testing.Engine;
using McpGate.Testing.Logging;
using Microsoft.Extensions.Logging;

namespace McpGate.Core.Tests.Engine;

/// <summary>The engine's log lines tests look for, by their stable event ids (ChangeEngine.Log).</summary>
internal static class EngineLogs
{
    public const int TransitionLost = 1002;
    public const int ApprovalNotCounted = 1010;
    public const int WaitingForFreeze = 1011;
    public const int ClaimRefused = 1012;

    /// <summary>
    /// Moves the engine attempted on a change that had already moved on (a transition lost, a claim
    /// refused) and errors. With one engine and no race, a settled change must show none.
    /// </summary>
    public static IReadOnlyList<LoggedEntry> Misfires(this GateHarness h) =>
        [.. h.Logs.Entries.Where(e => e.EventId is TransitionLost or ClaimRefused || e.Level >= LogLevel.Error)];

    public static IReadOnlyList<string> Messages(this GateHarness h, int eventId) =>
        [.. h.Logs.Entries.Where(e => e.EventId == eventId).Select(e => e.Message)];
}
