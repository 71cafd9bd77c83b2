using McpGate.Testing.Mcp;
using ModelContextProtocol;

namespace McpGate.EndToEnd.Tests;

/// <summary>
/// Cancelling a get_change wait (the client's notifications/cancelled) ends the wait, never the
/// change: it stays pending, and a later out-of-band approval still executes and verifies it.
/// </summary>
public sealed class GetChangeCancelTests(GateFixture gate) : IClassFixture<GateFixture>
{
    private static readonly TimeSpan s_testTimeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task CancelledWait_StopsTheWait_ThenApprovalStillExecutesTheChange()
    {
        using var timeout = new CancellationTokenSource(s_testTimeout);
        var ct = timeout.Token;
        var client = gate.Client;
        var replicasBefore = (await client.CallOkAsync("get_deployment", new() { ["namespace"] = "demo", ["name"] = "web" }, cancellationToken: ct)).GetProperty("replicas").GetInt32();
        var proposal = await client.CallOkAsync("scale_deployment", new()
        {
            ["namespace"] = "demo", ["name"] = "web", ["replicas"] = replicasBefore + 1, ["reason"] = "e2e: cancel a wait",
        }, cancellationToken: ct);
        var changeId = proposal.GetProperty("changeId").GetString()!;

        // The wait has begun once the first progress notification (the state it sees first) arrives; then the client cancels.
        using var cancelWait = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var waiting = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var wait = client.CallOkAsync("get_change", new() { ["change_id"] = changeId, ["wait_seconds"] = 300 },
            new SynchronousProgress(v => waiting.TrySetResult(v.Message ?? string.Empty)), cancelWait.Token);
        (await waiting.Task.WaitAsync(ct)).Should().Be($"{changeId}: pending_approval");
        await cancelWait.CancelAsync();
        await wait.Invoking(async w => await w).Should().ThrowAsync<OperationCanceledException>();

        // The change is untouched; the session serves on.
        var after = await client.CallOkAsync("get_change", new() { ["change_id"] = changeId }, cancellationToken: ct);
        after.GetProperty("status").GetString().Should().Be("pending_approval");
        (await client.CallOkAsync("get_deployment", new() { ["namespace"] = "demo", ["name"] = "web" }, cancellationToken: ct)).GetProperty("replicas").GetInt32().Should().Be(replicasBefore);

        var approve = await gate.CliAsync("approvals", "approve", changeId, "--key", gate.AliceKey, "--data-dir", gate.DataDir, "--policies", gate.PoliciesDir);
        approve.ExitCode.Should().Be(0, approve.ToString());
        var final = await client.CallOkAsync("get_change", new() { ["change_id"] = changeId, ["wait_seconds"] = 90 }, cancellationToken: ct);
        final.GetProperty("status").GetString().Should().Be("verified", final.ToString());
        var web = await client.CallOkAsync("get_deployment", new() { ["namespace"] = "demo", ["name"] = "web" }, cancellationToken: ct);
        web.GetProperty("replicas").GetInt32().Should().Be(replicasBefore + 1);
        web.GetProperty("readyReplicas").GetInt32().Should().Be(replicasBefore + 1);
    }

    /// <summary>IProgress that reports on the caller's thread.</summary>
    private sealed class SynchronousProgress(Action<ProgressNotificationValue> report) : IProgress<ProgressNotificationValue>
    {
        public void Report(ProgressNotificationValue value) => report(value);
    }
}
