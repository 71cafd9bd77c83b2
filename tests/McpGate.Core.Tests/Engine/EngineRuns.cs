using McpGate.Core.Changes;
using McpGate.Core.Engine;
using McpGate.Testing.Engine;

namespace McpGate.Core.Tests.Engine;

/// <summary>Runs engines' background passes until changes settle.</summary>
internal static class EngineRuns
{
    /// <summary>Runs a pass of every engine at once, again and again, until every change is final (90 s at most).</summary>
    public static async Task UntilFinalAsync(GateHarness h, IReadOnlyList<ChangeEngine> engines, IEnumerable<string> changeIds)
    {
        var pending = changeIds.ToHashSet(StringComparer.Ordinal);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        while (pending.Count > 0)
        {
            timeout.Token.ThrowIfCancellationRequested();
            await Task.WhenAll(engines.Select(e => Task.Run(() => e.ProcessAsync(timeout.Token))));
            foreach (var id in pending.ToList())
            {
                if ((await h.Ledger.GetChangeAsync(id, timeout.Token))!.State.IsFinal())
                {
                    pending.Remove(id);
                }
            }

            if (pending.Count > 0)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20), timeout.Token); // the poll interval of this loop
            }
        }

        await Task.WhenAll(engines.Select(e => e.WhenIdleAsync())).WaitAsync(timeout.Token);
    }
}
