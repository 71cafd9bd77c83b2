using System.Text.Json.Nodes;
using McpGate.Core.Changes;
using McpGate.Core.Ledger;

namespace McpGate.Core.Tests.Ledger;

/// <summary>Two ChangeLedger instances on one file stand in for the server and a CLI process.</summary>
public sealed class ChangeLedgerConcurrencyTests : IDisposable
{
    private readonly LedgerTestDirectory _directory = new();
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(120));
    private readonly ChangeLedger _server;
    private readonly ChangeLedger _cli;

    public ChangeLedgerConcurrencyTests()
    {
        _server = ChangeLedger.Open(_directory.DatabasePath, TimeProvider.System);
        _cli = ChangeLedger.Open(_directory.DatabasePath, TimeProvider.System);
    }

    public void Dispose()
    {
        _server.Dispose();
        _cli.Dispose();
        _timeout.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public async Task TransitionAsync_TwoInstancesRaceFromSameState_ExactlyOneWins()
    {
        const int Iterations = 100;
        var token = _timeout.Token;
        for (var i = 0; i < Iterations; i++)
        {
            var changeId = $"chg-{i}";
            await _server.CreateChangeAsync(changeId, ChangeState.Approved, "{}", "change.approved", new JsonObject(), token);
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var contenders = new[] { _server, _cli }
                .Select((ledger, n) => Task.Run(() => TryExecuteAsync(ledger, changeId, n, start.Task, token), token))
                .ToArray();

            start.SetResult();
            var outcomes = await Task.WhenAll(contenders).WaitAsync(token);

            outcomes.Count(won => won).Should().Be(1, "exactly one of server and CLI may move change {0} to executing", changeId);
            (await _cli.ReadEntriesAsync(changeId: changeId, cancellationToken: token)).Should().HaveCount(2);
            (await _cli.GetChangeAsync(changeId, token))!.State.Should().Be(ChangeState.Executing);
        }

        (await _server.VerifyAsync(token)).Should().Be(new LedgerVerification { Succeeded = true, EntriesChecked = 2 * Iterations });
    }

    [Fact]
    public async Task AppendEventAsync_ManyConcurrentWritersOnTwoInstances_KeepOneUnbrokenChain()
    {
        const int WritersPerInstance = 4;
        const int EventsPerWriter = 25;
        var token = _timeout.Token;
        await _server.CreateChangeAsync("chg-1", ChangeState.PendingApproval, "{}", "change.proposed", new JsonObject(), token);
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var writers = new[] { _server, _cli }
            .SelectMany(ledger => Enumerable.Range(0, WritersPerInstance).Select(w => (ledger, w)))
            .Select(x => Task.Run(
                async () =>
                {
                    await start.Task.WaitAsync(token);
                    for (var e = 0; e < EventsPerWriter; e++)
                    {
                        await x.ledger.AppendEventAsync("chg-1", ChangeState.PendingApproval, "approval.submitted", new JsonObject { ["writer"] = x.w, ["event"] = e }, token);
                    }
                },
                token))
            .ToArray();

        start.SetResult();
        await Task.WhenAll(writers).WaitAsync(token);

        const int Total = 1 + (2 * WritersPerInstance * EventsPerWriter);
        (await _cli.ReadEntriesAsync(cancellationToken: token)).Select(e => e.Sequence).Should().Equal(Enumerable.Range(1, Total).Select(n => (long)n));
        (await _server.VerifyAsync(token)).Should().Be(new LedgerVerification { Succeeded = true, EntriesChecked = Total });
    }

    private static async Task<bool> TryExecuteAsync(ChangeLedger ledger, string changeId, int contender, Task start, CancellationToken cancellationToken)
    {
        await start.WaitAsync(cancellationToken);
        try
        {
            await ledger.TransitionAsync(
                changeId,
                ChangeState.Approved,
                ChangeState.Executing,
                $$"""{"executor":{{contender}}}""",
                "change.executing",
                new JsonObject { ["executor"] = contender },
                cancellationToken);
            return true;
        }
        catch (ChangeStateConflictException e) when (e.ActualState == ChangeState.Executing)
        {
            return false;
        }
    }
}
