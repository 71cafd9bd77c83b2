using System.Globalization;
using McpGate.Adversarial.Tests.Crash;
using McpGate.Adversarial.Tests.ExecutorClaims;
using McpGate.Core.Ledger;
using McpGate.Testing.Files;
using McpGate.Testing.Processes;

namespace McpGate.Adversarial.Tests.FailClosed;

/// <summary>
/// An approved change is due to run while the gate's ledger is broken: the engine must not write
/// to the cluster when it cannot first record <c>executing</c>. The change is approved during a
/// one-off freeze window (so it waits, recorded in the ledger), the ledger breaks, the window ends:
/// the running server's attempt fails closed, its log says why in one line naming the file, the
/// deployment is untouched, and once the storage is back the change runs exactly once.
/// </summary>
public sealed class ExecutionFailClosedTests
{
    /// <summary>Long enough for a restart, an approval and a pass on a busy 2-core machine.</summary>
    private static readonly TimeSpan s_freeze = TimeSpan.FromSeconds(20);

    public static TheoryData<LedgerStorageCondition> WithoutMount => [LedgerStorageCondition.Locked, LedgerStorageCondition.Corrupt];

    [Theory]
    [MemberData(nameof(WithoutMount))]
    public Task Execute_LedgerBrokenWhenDue_NoClusterWrite_ThenExactlyOnce(LedgerStorageCondition condition) =>
        ExecuteOnBrokenLedgerAsync(condition);

    [TmpfsFact]
    public Task Execute_DiskFullWhenDue_NoClusterWrite_ThenExactlyOnce() =>
        ExecuteOnBrokenLedgerAsync(LedgerStorageCondition.Full);

    private static async Task ExecuteOnBrokenLedgerAsync(LedgerStorageCondition condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var ct = timeout.Token;
        await using var gate = await FailClosedGate.StartAsync(condition, policyTail: null, ct);
        var proposer = await gate.ServeAsync(ct);
        var changeId = await SharedClusterGate.ProposeAsync(proposer, FailClosedGate.Deployment, 3, ct);
        await ServerProcesses.KillAsync(gate.Gate.DataDir, ct);

        // The executor that will run it starts under a freeze that ends shortly.
        var now = DateTimeOffset.UtcNow;
        var from = now.AddMinutes(-1);
        var to = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerSecond)) + s_freeze; // the policy holds whole seconds
        await File.AppendAllTextAsync(Path.Combine(gate.Gate.PoliciesDir, "policy.yaml"),
            $"\nfreezeWindows:\n  - {{ name: fail-closed, from: '{Iso(from)}', to: '{Iso(to)}' }}\n", ct);
        await gate.ServeAsync(ct);
        var approve = await gate.Gate.ApproveAsync(changeId, gate.Gate.AliceKey, ct);
        approve.ExitCode.Should().Be(0, approve.ToString());
        await WaitAsync(async () => (await gate.ReadLedgerAsync(ct))[changeId].State == "Waiting", "the change waits for the freeze", ct);
        DateTimeOffset.UtcNow.Should().BeBefore(to, "the ledger must break before the change is due");
        var before = await gate.ObserveAsync(ct);

        gate.Broken.Break(gate.Gate.LedgerPath);
        var fault = LedgerStorageException.Describe(condition, gate.Gate.LedgerPath);
        await WaitAsync(() => Task.FromResult(gate.ServerLog.Any(l => l.Contains(fault, StringComparison.Ordinal))), "the server logs the fault", ct);

        if (condition == LedgerStorageCondition.Corrupt)
        {
            // A damaged file fails the very next read of the changes, before the window ends; watch
            // past the end of the window, while the change would be due, that nothing is written.
            await WaitAsync(() => Task.FromResult(DateTimeOffset.UtcNow >= to + TimeSpan.FromSeconds(3)), "the observation window", ct);
        }
        else
        {
            DateTimeOffset.UtcNow.Should().BeOnOrAfter(to, "the first write since the ledger broke is the change's, due when the freeze ended");
        }

        (await gate.ObserveAsync(ct)).Should().Be(before, "the engine writes nothing it could not record as executing first");
        gate.ServerLog.Should().NotContain(l => l.Contains("   at ", StringComparison.Ordinal), "a storage fault is one line, not a stack trace");
        if (gate.Broken.ReadableWhileBroken)
        {
            (await gate.ReadLedgerAsync(ct))[changeId].Should().Be(("Waiting", 0, 0));
        }

        if (!gate.Broken.Repair())
        {
            var verify = await McpGateCli.RunAsync(["ledger", "verify", "--data-dir", gate.Gate.DataDir, "--policies", gate.Gate.PoliciesDir], cancellationToken: ct);
            verify.ExitCode.Should().NotBe(0, "a damaged ledger does not verify");
            verify.StandardError.Should().NotContain("   at ");
            return;
        }

        var final = (await gate.Gate.WaitUntilFinalAsync([changeId], TimeSpan.FromSeconds(60), ct))[changeId];
        final.State.Should().Be(McpGate.Core.Changes.ChangeState.Verified, final.Outcome);
        (await gate.ObserveAsync(ct)).Should().Be((3, before.Generation + 1), "the change ran exactly once when the storage came back");
        (await gate.ReadLedgerAsync(ct))[changeId].Should().Be(("Verified", 1, 1));
        var verified = await McpGateCli.RunAsync(["ledger", "verify", "--data-dir", gate.Gate.DataDir, "--policies", gate.Gate.PoliciesDir], cancellationToken: ct);
        verified.ExitCode.Should().Be(0, verified.ToString());
    }

    private static string Iso(DateTimeOffset time) => time.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private static async Task WaitAsync(Func<Task<bool>> condition, string what, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(s_freeze + TimeSpan.FromSeconds(30));
        try
        {
            while (!await condition())
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), deadline.Token); // the poll interval of this wait
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"{what}: not within {s_freeze + TimeSpan.FromSeconds(30)}");
        }
    }
}
