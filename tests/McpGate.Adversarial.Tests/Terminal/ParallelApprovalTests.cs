using McpGate.Core.Engine;

namespace McpGate.Adversarial.Tests.Terminal;

/// <summary>One approver running 'approvals approve' many times at once records one approval.</summary>
public sealed class ParallelApprovalTests
{
    [Fact]
    public async Task Approve_SixteenParallelProcessesByOneApprover_RecordExactlyOneApproval()
    {
        await using var gate = await TerminalGate.StartAsync();
        var change = await gate.Harness.ProposeScaleAsync(4);

        var runs = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => gate.DecideAsync("approve", change.Id, "alice")));

        runs.Count(r => r.ExitCode == 0).Should().Be(1, string.Join("\n---\n", runs.Select(r => r.ToString())));
        runs.Where(r => r.ExitCode != 0).Should().AllSatisfy(r =>
        {
            r.ExitCode.Should().Be(2, r.ToString());
            r.StandardError.Should().Contain($"alice already approved change {change.Id}; one approval per approver counts");
        });
        (await gate.SqlScalarAsync($"SELECT count(*) FROM ledger WHERE change_id = '{change.Id}' AND event_type = '{LedgerEvents.ApprovalSubmitted}';")).Should().Be("1");
        (await gate.SqlScalarAsync($"SELECT state FROM changes WHERE change_id = '{change.Id}';")).Should().Be("pending_approval", "one approver cannot meet a quorum of two");

        await gate.Harness.Engine.ProcessAsync();
        (await gate.SqlScalarAsync($"SELECT state FROM changes WHERE change_id = '{change.Id}';")).Should().Be("pending_approval");
        (await gate.Harness.ObserveWebAsync()).Replicas.Should().NotBe(4, "the cluster was not changed");
        (await gate.Harness.Ledger.VerifyAsync()).Succeeded.Should().BeTrue();
    }
}
