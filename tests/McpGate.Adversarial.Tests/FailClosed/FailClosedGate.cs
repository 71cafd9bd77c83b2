using System.Collections.Concurrent;
using McpGate.Adversarial.Tests.ExecutorClaims;
using McpGate.Core.Ledger;
using McpGate.Testing.Mcp;
using McpGate.Testing.Sandbox;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpGate.Adversarial.Tests.FailClosed;

/// <summary>
/// A real <c>mcpgate serve</c> on a <see cref="SharedClusterGate"/> (its sandbox in the test, reached
/// over HTTPS through a kubeconfig) whose data directory <see cref="LedgerBreak"/> can break, with
/// the server's log lines kept and the checks every fail-closed test makes.
/// </summary>
internal sealed class FailClosedGate : IAsyncDisposable
{
    public const string Deployment = "ledger-target";

    private FailClosedGate(SharedClusterGate gate, LedgerBreak broken)
    {
        Gate = gate;
        Broken = broken;
    }

    public SharedClusterGate Gate { get; }

    public LedgerBreak Broken { get; }

    public ConcurrentQueue<string> ServerLog { get; } = new();

    public static async Task<FailClosedGate> StartAsync(LedgerStorageCondition condition, string? policyTail, CancellationToken cancellationToken)
    {
        var broken = LedgerBreak.For(condition);
        try
        {
            var gate = await SharedClusterGate.StartAsync(approvals: 1, [Deployment], cancellationToken, broken.DataDir);
            if (policyTail is not null)
            {
                await File.AppendAllTextAsync(Path.Combine(gate.PoliciesDir, "policy.yaml"), policyTail, cancellationToken);
            }

            return new FailClosedGate(gate, broken);
        }
        catch
        {
            broken.Dispose();
            throw;
        }
    }

    public async Task<McpClient> ServeAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await Gate.ServeAsync(null, ServerLog.Enqueue, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException)
        {
            throw new InvalidOperationException($"the server did not start; its log:\n{string.Join('\n', ServerLog)}", ex);
        }
    }

    public static Task<CallToolResult> ScaleAsync(McpClient server, int replicas, CancellationToken cancellationToken) =>
        server.CallToolAsync("scale_deployment", new Dictionary<string, object?>
        {
            ["namespace"] = "demo",
            ["name"] = Deployment,
            ["replicas"] = replicas,
            ["reason"] = "fail-closed test",
        }, cancellationToken: cancellationToken).AsTask();

    /// <summary>(replicas, generation) of the deployment, read from the sandbox over HTTPS.</summary>
    public async Task<(int Replicas, long Generation)> ObserveAsync(CancellationToken cancellationToken)
    {
        var deployment = await SandboxDeployments.GetAsync(Gate.Sandbox, "demo", Deployment, cancellationToken);
        return (deployment["spec"]!["replicas"]!.GetValue<int>(), deployment["metadata"]!["generation"]!.GetValue<long>());
    }

    /// <summary>The agent's error: the condition and the ledger file in words, what did not happen, no exception type or stack.</summary>
    public void ShouldNameTheFault(string text)
    {
        text.Should().Contain(LedgerStorageException.Describe(Broken.Condition, Gate.LedgerPath));
        text.Should().Contain("Nothing was recorded and nothing was changed");
        text.Should().NotContainAny("Exception", "SQLite Error", "   at ", "stack");
    }

    /// <summary>Every change in the ledger file with the count of its executing and executed entries.</summary>
    public async Task<IReadOnlyDictionary<string, (string State, int Executing, int Executed)>> ReadLedgerAsync(CancellationToken cancellationToken)
    {
        using var ledger = Gate.OpenLedger();
        var entries = await ledger.ReadEntriesAsync(0, null, cancellationToken);
        var result = new Dictionary<string, (string, int, int)>(StringComparer.Ordinal);
        foreach (var change in await ledger.ListChangesAsync(null, cancellationToken))
        {
            var mine = entries.Where(e => e.ChangeId == change.ChangeId).ToList();
            result[change.ChangeId] = (change.State.ToString(), mine.Count(e => e.EventType == "executing"), mine.Count(e => e.EventType == "executed"));
        }

        return result;
    }

    public async ValueTask DisposeAsync()
    {
        // The lock and the read-only mount go first: the servers must be able to finish and exit.
        Broken.Repair();
        await Gate.DisposeAsync();
        Broken.Dispose();
    }
}
