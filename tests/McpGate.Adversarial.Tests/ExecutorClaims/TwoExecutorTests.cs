using System.Diagnostics;
using System.Text.Json.Nodes;
using McpGate.Core.Changes;
using McpGate.Core.Engine;
using McpGate.Sandbox.Faults;
using McpGate.Testing.Mcp;
using McpGate.Testing.Sandbox;
using ModelContextProtocol.Client;

namespace McpGate.Adversarial.Tests.ExecutorClaims;

/// <summary>
/// Two real servers on one data directory and one cluster, with the executor lock file deleted
/// and file locking switched off: the ledger's claims alone must keep every write to one.
/// </summary>
public sealed class TwoExecutorTests
{
    private const int Rounds = 20;

    private static readonly Dictionary<string, string?> s_noFileLocks = new(StringComparer.Ordinal)
    {
        ["DOTNET_SYSTEM_IO_DISABLEFILELOCKING"] = "1",
    };

    [Fact]
    public async Task TwoServers_WithoutFileLocks_WriteEachOfTwentyApprovedChangesExactlyOnce()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4)); // about 40 s on an idle 2-core machine: 20 CLI processes dominate
        var ct = timeout.Token;
        var names = Enumerable.Range(0, Rounds).Select(i => $"round-{i:D2}").ToList();
        await using var gate = await SharedClusterGate.StartAsync(approvals: 1, names, ct);
        // Started one after the other: what is under test is two executors running at once, not their start.
        McpClient[] servers = [await gate.ServeAsync(s_noFileLocks, ct), await gate.ServeAsync(s_noFileLocks, ct)];
        await DeleteExecutorLocksAsync(gate, servers, ct);

        // Each server proposes half of the changes, one after the other (an agent waits for each reply).
        var halves = await Task.WhenAll(Enumerable.Range(0, 2).Select(async s =>
        {
            var ids = new List<string>();
            for (var i = s; i < Rounds; i += 2)
            {
                ids.Add(await SharedClusterGate.ProposeAsync(servers[s], names[i], 3, ct));
            }

            return ids;
        }));
        var changeIds = names.Select((_, i) => halves[i % 2][i / 2]).ToList();
        gate.Sandbox.ResetRequestCounts();
        using (var approvers = new SemaphoreSlim(2))
        {
            await Task.WhenAll(changeIds.Select(async id =>
            {
                await approvers.WaitAsync(ct);
                try
                {
                    var approve = await gate.ApproveAsync(id, gate.AliceKey, ct);
                    approve.ExitCode.Should().Be(0, approve.ToString());
                }
                finally
                {
                    approvers.Release();
                }
            }));
        }

        var finals = await gate.WaitUntilFinalAsync(changeIds, TimeSpan.FromSeconds(60), ct);

        using var ledger = gate.OpenLedger();
        foreach (var (id, name) in changeIds.Zip(names))
        {
            finals[id].State.Should().Be(ChangeState.Verified, finals[id].Outcome);
            gate.Sandbox.CountRequests("PATCH", SharedClusterGate.DeploymentPath(name)).Should().Be(1, $"{name} ({id}) is written once");
            var deployment = await SandboxDeployments.GetAsync(gate.Sandbox, "demo", name, ct);
            deployment["metadata"]!["generation"]!.GetValue<long>().Should().Be(2, $"{name} changed once after its creation");
            deployment["spec"]!["replicas"]!.GetValue<int>().Should().Be(3);
            var events = (await ledger.ReadEntriesAsync(0, id, ct)).Select(e => e.EventType).ToList();
            events.Count(e => e == "executing").Should().Be(1, id);
            events.Count(e => e == "executed").Should().Be(1, id);
            (await ledger.GetClaimAsync(id, ct)).Should().BeNull("a finished change holds no claim");
        }

        (await ledger.VerifyAsync(ct)).Succeeded.Should().BeTrue();
    }

    [Fact]
    public async Task ExecutorKilledMidWrite_IsTakenOverOnlyOnceItIsDead()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var ct = timeout.Token;
        await using var gate = await SharedClusterGate.StartAsync(approvals: 1, ["victim"], ct);
        // Started one after the other: what is under test is two executors running at once, not their start.
        McpClient[] servers = [await gate.ServeAsync(s_noFileLocks, ct), await gate.ServeAsync(s_noFileLocks, ct)];
        await DeleteExecutorLocksAsync(gate, servers, ct);
        var changeId = await SharedClusterGate.ProposeAsync(servers[0], "victim", 5, ct);
        var generationBefore = (await SandboxDeployments.GetAsync(gate.Sandbox, "demo", "victim", ct))["metadata"]!["generation"]!.GetValue<long>();

        // The executor's write hangs at the API server until the executor is gone.
        gate.Sandbox.Faults.Add(new SandboxFault
        {
            Kind = SandboxFaultKind.Delay,
            Method = "PATCH",
            PathPrefix = SharedClusterGate.DeploymentPath("victim"),
            Delay = TimeSpan.FromMinutes(5),
        });
        (await gate.ApproveAsync(changeId, gate.AliceKey, ct)).ExitCode.Should().Be(0);
        await WaitAsync(() => Task.FromResult(gate.Sandbox.Faults.Pending == 0), ct);

        using var ledger = gate.OpenLedger();
        var claim = (await ledger.GetClaimAsync(changeId, ct))!;
        claim.Should().NotBeNull("the executor claimed the change before writing");

        // While the owner lives (and renews its lease), the other server sees the claim and leaves it:
        // several of its passes (every 500 ms) go by without a takeover or a second write.
        var window = Stopwatch.StartNew();
        while (window.Elapsed < TimeSpan.FromSeconds(3))
        {
            (await ledger.ReadEntriesAsync(0, changeId, ct)).Should().NotContain(e => e.EventType == LedgerEvents.ClaimTakenOver);
            (await ledger.GetClaimAsync(changeId, ct))!.Owner.InstanceId.Should().Be(claim.Owner.InstanceId);
            await Task.Delay(TimeSpan.FromMilliseconds(250), ct); // the observation window's sampling
        }

        using (var owner = Process.GetProcessById(claim.Owner.ProcessId))
        {
            owner.Kill(); // SIGKILL: no shutdown, no release, the lease still runs for 30 s
            await owner.WaitForExitAsync(ct);
        }

        var final = (await gate.WaitUntilFinalAsync([changeId], TimeSpan.FromSeconds(25), ct))[changeId];

        final.State.Should().Be(ChangeState.Verified, final.Outcome);
        var entries = await ledger.ReadEntriesAsync(0, changeId, ct);
        var takeover = entries.Single(e => e.EventType == LedgerEvents.ClaimTakenOver);
        var payload = JsonNode.Parse(takeover.PayloadJson)!;
        payload["takenOver"]!["pid"]!.GetValue<int>().Should().Be(claim.Owner.ProcessId);
        payload["takenOver"]!["gone"]!.GetValue<string>().Should().MatchRegex($"process {claim.Owner.ProcessId} (is not running|has exited)",
            "the dead owner was taken over at once, not after its lease");
        payload["claim"]!["instance"]!.GetValue<string>().Should().NotBe(claim.Owner.InstanceId);
        entries.Count(e => e.EventType == "executed").Should().Be(1);
        var deployment = await SandboxDeployments.GetAsync(gate.Sandbox, "demo", "victim", ct);
        deployment["spec"]!["replicas"]!.GetValue<int>().Should().Be(5);
        deployment["metadata"]!["generation"]!.GetValue<long>().Should().Be(generationBefore + 1, "exactly one write reached the cluster");
        (await ledger.VerifyAsync(ct)).Succeeded.Should().BeTrue();
    }

    /// <summary>Once both servers have started (the data directory and their lock exist), deletes the lock files.</summary>
    private static async Task DeleteExecutorLocksAsync(SharedClusterGate gate, McpClient[] servers, CancellationToken cancellationToken)
    {
        foreach (var server in servers)
        {
            await server.WaitUntilStartedAsync(cancellationToken);
        }

        foreach (var file in Directory.EnumerateFiles(gate.DataDir, "executor-*.lock"))
        {
            File.Delete(file);
        }
    }

    private static async Task WaitAsync(Func<Task<bool>> condition, CancellationToken cancellationToken)
    {
        while (!await condition())
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken); // the poll interval of this wait
        }
    }
}
