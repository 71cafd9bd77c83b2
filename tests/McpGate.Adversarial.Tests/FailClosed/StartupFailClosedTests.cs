using McpGate.Adversarial.Tests.Crash;
using McpGate.Adversarial.Tests.ExecutorClaims;
using McpGate.Core.Changes;
using McpGate.Core.Ledger;
using McpGate.Testing.Files;
using McpGate.Testing.Processes;
using Xunit.Abstractions;

namespace McpGate.Adversarial.Tests.FailClosed;

/// <summary>
/// A gate stopped with an approval waiting to be counted (so the next gate to start would execute
/// the change) comes back on a broken ledger: full, read-only, locked, damaged pages or a damaged
/// header. It either refuses to start or runs without writing; either way its log (stderr) says in
/// one line what is wrong with which file, nothing reaches the cluster, and once the storage is
/// back a restart executes the change exactly once.
/// </summary>
public sealed class StartupFailClosedTests(ITestOutputHelper output)
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    public static TheoryData<string> WithoutMount => ["locked", "corrupt-pages", "corrupt-header"];

    [Theory]
    [MemberData(nameof(WithoutMount))]
    public Task Serve_LedgerBrokenWhileStopped_NoClusterWrite_ClearLine(string breakage) => StartOnBrokenLedgerAsync(breakage);

    [TmpfsFact]
    public Task Serve_DiskFullWhileStopped_NoClusterWrite_ClearLine() => StartOnBrokenLedgerAsync("full");

    [TmpfsFact]
    public Task Serve_DiskReadOnlyWhileStopped_NoClusterWrite_ClearLine() => StartOnBrokenLedgerAsync("read-only");

    private async Task StartOnBrokenLedgerAsync(string breakage)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var ct = timeout.Token;
        var condition = breakage switch
        {
            "full" => LedgerStorageCondition.Full,
            "read-only" => LedgerStorageCondition.ReadOnly,
            "locked" => LedgerStorageCondition.Locked,
            _ => LedgerStorageCondition.Corrupt,
        };
        await using var gate = await FailClosedGate.StartAsync(condition, policyTail: null, ct);
        var first = await gate.ServeAsync(ct);
        var changeId = await SharedClusterGate.ProposeAsync(first, FailClosedGate.Deployment, 3, ct);
        await ServerProcesses.KillAsync(gate.Gate.DataDir, ct);
        var approve = await gate.Gate.ApproveAsync(changeId, gate.Gate.AliceKey, ct);
        approve.ExitCode.Should().Be(0, approve.ToString());
        var before = await gate.ObserveAsync(ct);

        if (breakage == "corrupt-header")
        {
            LedgerDamage.OverwriteHeader(gate.Gate.LedgerPath);
        }
        else
        {
            gate.Broken.Break(gate.Gate.LedgerPath);
        }

        var expected = breakage == "corrupt-header"
            ? $"'{gate.Gate.LedgerPath}' is not a McpGate ledger"
            : LedgerStorageException.Describe(condition, gate.Gate.LedgerPath);
        await using (var server = StdioProcess.StartMcpGate(["serve", .. gate.Gate.ServeArguments]))
        {
            await WaitAsync(() => server.HasExited || server.StandardError.Contains(expected, StringComparison.Ordinal), ct);

            // A gate that refuses to start prints one "mcpgate: " line and exits; a running one logs the fault.
            var refused = server.HasExited || server.StandardError.StartsWith("mcpgate: ", StringComparison.Ordinal);
            var code = refused ? await server.WaitForExitAsync(s_timeout) : (int?)null;
            var log = server.StandardError;
            output.WriteLine($"{breakage}: {(refused ? $"refused to start, exit {code}" : "started")}: {log.Trim()}");
            log.Should().Contain(expected, log);
            log.Should().NotContain("   at ", "the operator gets a line, not a stack trace");
            (await gate.ObserveAsync(ct)).Should().Be(before, "nothing reaches the cluster while the ledger is broken");
            if (refused)
            {
                code.Should().NotBe(0);
                log.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().ContainSingle(log);
            }
            else
            {
                await ServerProcesses.KillAsync(gate.Gate.DataDir, ct);
            }
        }

        if (breakage.StartsWith("corrupt", StringComparison.Ordinal) || !gate.Broken.Repair())
        {
            return;
        }

        (await gate.ReadLedgerAsync(ct))[changeId].Should().Be(("PendingApproval", 0, 0), "the gate on the broken ledger recorded nothing");

        await gate.ServeAsync(ct);
        var final = (await gate.Gate.WaitUntilFinalAsync([changeId], s_timeout, ct))[changeId];
        final.State.Should().Be(ChangeState.Verified, final.Outcome);
        (await gate.ObserveAsync(ct)).Should().Be((3, before.Generation + 1), "the change ran exactly once once the storage was back");
    }

    private static async Task WaitAsync(Func<bool> condition, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(s_timeout);
        while (!condition())
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), deadline.Token); // the poll interval of this wait
        }
    }
}
