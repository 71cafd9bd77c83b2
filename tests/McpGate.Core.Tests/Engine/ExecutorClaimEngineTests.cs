using System.Text.Json.Nodes;
using McpGate.Core.Changes;
using McpGate.Core.Engine;
using McpGate.Core.Ledger;
using McpGate.Kubernetes;
using McpGate.Sandbox.Faults;
using McpGate.Testing.Engine;
using McpGate.Testing.Files;
using McpGate.Testing.Sandbox;
using McpGate.Testing.Time;

namespace McpGate.Core.Tests.Engine;

/// <summary>Executors claim changes in the ledger: two engines on one ledger and one cluster never both write.</summary>
public sealed class ExecutorClaimEngineTests
{
    private const int Changes = 20;

    [Fact]
    public async Task Process_TwoEnginesRaceOnTwentyApprovedChanges_EachIsWrittenOnceAndExecutedOnce()
    {
        await using var h = await GateHarness.StartAsync();
        var names = Enumerable.Range(0, Changes).Select(i => $"race-{i:D2}").ToList();
        await SandboxDeployments.CreateAsync(h.Sandbox, "demo", names);
        await h.Sandbox.WaitForSettledAsync(TimeSpan.FromSeconds(30)); // every rollout complete: resourceVersions stay still
        var changes = new List<ChangeDocument>();
        foreach (var name in names)
        {
            var change = await h.ProposeScaleAsync(3, name: name);
            await h.SubmitAsync(change.Id, "alice");
            changes.Add(change);
        }

        using var secondLedger = ChangeLedger.Open(h.Ledger.DatabasePath, h.Clock);
        await using var second = h.CreateEngine(h.Policy, secondLedger, new ChangeEngineOptions { ProbeInterval = TimeSpan.FromMilliseconds(50) });
        h.Sandbox.ResetRequestCounts();

        await EngineRuns.UntilFinalAsync(h, [h.Engine, second], changes.Select(c => c.Id));

        foreach (var (change, name) in changes.Zip(names))
        {
            var final = await h.Engine.GetChangeAsync(change.Id);
            final!.State.Should().Be(ChangeState.Verified, final.Outcome);
            h.Sandbox.CountRequests("PATCH", $"/apis/apps/v1/namespaces/demo/deployments/{name}").Should().Be(1, $"{name} is written once");
            var deployment = await h.Cluster.GetAsync(GateHarness.Web with { Name = name });
            deployment!["metadata"]!["generation"]!.GetValue<long>().Should().Be(2, $"{name} changed once after creation");
            var events = await h.EventTypesAsync(change.Id);
            events.Count(e => e == "executing").Should().Be(1);
            events.Count(e => e == "executed").Should().Be(1);
            events.Should().NotContain(LedgerEvents.ClaimTakenOver, "both executors were alive");
            (await h.Ledger.GetClaimAsync(change.Id)).Should().BeNull("a verified change releases its claim");
        }

        (await h.Ledger.VerifyAsync()).Succeeded.Should().BeTrue();
    }

    [Fact]
    public async Task Process_ChangeClaimedByALiveExecutor_IsLeftAlone_UntilItsLeaseExpires()
    {
        await using var h = await GateHarness.StartAsync();
        var change = await ApprovedAndClaimedAsync(h, ExecutorInstance.ForCurrentProcess());
        h.Sandbox.ResetRequestCounts();

        await h.Engine.ProcessAsync();
        await h.Engine.WhenIdleAsync();

        (await h.Engine.GetChangeAsync(change.Id))!.State.Should().Be(ChangeState.Executing);
        h.Sandbox.CountRequests("PATCH", "/").Should().Be(0);
        (await h.EventTypesAsync(change.Id)).Should().NotContain(LedgerEvents.ClaimTakenOver);
        h.Misfires().Should().BeEmpty("a change a live executor holds is left alone, not worked on without its claim");

        h.Clock.Advance(TimeSpan.FromSeconds(31));
        await EngineRuns.UntilFinalAsync(h, [h.Engine], [change.Id]);
        var final = (await h.Engine.GetChangeAsync(change.Id))!;

        final.State.Should().Be(ChangeState.Verified, final.Outcome);
        h.Sandbox.CountRequests("PATCH", "/").Should().Be(1);
        var takeover = (await h.Ledger.ReadEntriesAsync(0, change.Id)).Single(e => e.EventType == LedgerEvents.ClaimTakenOver);
        JsonNode.Parse(takeover.PayloadJson)!["takenOver"]!["gone"]!.GetValue<string>().Should().Contain("lease expired");
        JsonNode.Parse(takeover.PayloadJson)!["claim"]!["instance"]!.GetValue<string>().Should().Be(h.Engine.Instance.InstanceId);
    }

    [Fact]
    public async Task Process_ExecutedChangeClaimedByALiveExecutor_IsNotVerifiedHere()
    {
        await using var h = await GateHarness.StartAsync();
        var owner = ExecutorInstance.ForCurrentProcess();
        var change = await ApprovedAndClaimedAsync(h, owner);
        var executed = ChangeJson.Deserialize((await h.Ledger.GetChangeAsync(change.Id))!.DocumentJson) with { State = ChangeState.Executed };
        await h.Ledger.TransitionAsync(change.Id, ChangeState.Executing, ChangeState.Executed, ChangeJson.Serialize(executed), "executed",
            new JsonObject { ["from"] = "executing", ["to"] = "executed" },
            new ClaimCheck { Owner = owner, Mode = ClaimMode.Hold, Lease = TimeSpan.FromSeconds(30) });
        var before = await h.EventTypesAsync(change.Id);

        await h.Engine.ProcessAsync();
        await h.Engine.WhenIdleAsync();

        (await h.Engine.GetChangeAsync(change.Id))!.State.Should().Be(ChangeState.Executed, "the live owner verifies it");
        (await h.EventTypesAsync(change.Id)).Should().Equal(before);
        (await h.Ledger.GetClaimAsync(change.Id))!.Owner.Should().Be(owner);
        h.Misfires().Should().BeEmpty();
    }

    [Fact]
    public async Task Process_ChangeClaimedByADeadProcess_IsTakenOverBeforeTheLeaseExpires()
    {
        await using var h = await GateHarness.StartAsync();
        var dead = ExecutorInstance.ForCurrentProcess() with { ProcessId = int.MaxValue - 11 };
        var change = await ApprovedAndClaimedAsync(h, dead);
        h.Sandbox.ResetRequestCounts();

        await EngineRuns.UntilFinalAsync(h, [h.Engine], [change.Id]);
        var final = (await h.Engine.GetChangeAsync(change.Id))!;

        final.State.Should().Be(ChangeState.Verified, final.Outcome);
        h.Sandbox.CountRequests("PATCH", "/").Should().Be(1);
        var takeover = (await h.Ledger.ReadEntriesAsync(0, change.Id)).Single(e => e.EventType == LedgerEvents.ClaimTakenOver);
        JsonNode.Parse(takeover.PayloadJson)!["takenOver"]!["gone"]!.GetValue<string>().Should().Contain("is not running");
    }

    [Fact]
    public async Task Process_ChangeTakenOverFromThisEngine_IsLeftToItsNewOwner()
    {
        await using var h = await GateHarness.StartAsync();
        var change = await ApprovedAndClaimedAsync(h, h.Engine.Instance);
        var usurper = ExecutorInstance.ForCurrentProcess();
        h.Clock.Advance(TimeSpan.FromSeconds(31));
        await h.Ledger.TransitionAsync(change.Id, ChangeState.Executing, ChangeState.Executing, (await h.Ledger.GetChangeAsync(change.Id))!.DocumentJson,
            LedgerEvents.ClaimTakenOver, new JsonObject(), new ClaimCheck { Owner = usurper, Mode = ClaimMode.Take, Lease = TimeSpan.FromSeconds(30) });
        h.Sandbox.ResetRequestCounts();

        await h.Engine.ProcessAsync();
        await h.Engine.WhenIdleAsync();

        (await h.Engine.GetChangeAsync(change.Id))!.State.Should().Be(ChangeState.Executing, "the live usurper holds it now");
        h.Sandbox.CountRequests("PATCH", "/").Should().Be(0);
        (await h.Ledger.GetClaimAsync(change.Id))!.Owner.Should().Be(usurper);
    }

    /// <summary>
    /// This executor reads the change approved, and while it asks the cluster who it is (a fresh
    /// connection, the request held by the sandbox), another executor claims it: this one loses the
    /// compare-and-set and leaves the change to the winner, writing nothing and recording nothing.
    /// </summary>
    [Fact]
    public async Task Execute_ClaimedByAnotherExecutorAfterItWasRead_IsLeftToTheWinner()
    {
        await using var h = await GateHarness.StartAsync();
        var change = await h.ProposeScaleAsync(4);
        await h.SubmitAsync(change.Id, "alice");
        await h.ForceStateAsync(change.Id, ChangeState.PendingApproval, ChangeState.Approved);
        using var temp = new TempDirectory("mcpgate-race-");
        await h.Sandbox.WriteKubeconfigAsync(temp.Combine("kubeconfig"));
        using var freshPort = KubernetesClusterPort.FromKubeconfig(temp.Combine("kubeconfig"), "sandbox");
        await using var loser = h.CreateEngine(freshPort, h.Policy);
        var winner = ExecutorInstance.ForCurrentProcess();
        h.Sandbox.ResetRequestCounts();
        h.Sandbox.Faults.Add(new SandboxFault { Kind = SandboxFaultKind.Delay, Method = "GET", PathPrefix = "/api/v1/namespaces/kube-system", Delay = TimeSpan.FromSeconds(3) });

        var execute = loser.ExecuteAsync(change.Id, CancellationToken.None);
        await Poll.UntilAsync(() => h.Sandbox.Faults.Pending == 0, "the loser's identity request is held");
        var stored = (await h.Ledger.GetChangeAsync(change.Id))!;
        await h.Ledger.TransitionAsync(change.Id, ChangeState.Approved, ChangeState.Executing, ChangeJson.Serialize(ChangeJson.Deserialize(stored.DocumentJson) with { State = ChangeState.Executing }),
            "executing", new JsonObject { ["from"] = "approved", ["to"] = "executing" },
            new ClaimCheck { Owner = winner, Mode = ClaimMode.Take, Lease = TimeSpan.FromSeconds(30) });
        await execute.WaitAsync(TimeSpan.FromSeconds(60));

        (await h.Engine.GetChangeAsync(change.Id))!.State.Should().Be(ChangeState.Executing);
        (await h.Ledger.GetClaimAsync(change.Id))!.Owner.Should().Be(winner);
        (await h.EventTypesAsync(change.Id)).Count(e => e == "executing").Should().Be(1, "only the winner's claim is recorded");
        (await h.EventTypesAsync(change.Id)).Should().NotContain("failed");
        h.Sandbox.CountRequests("PATCH", "/").Should().Be(0);
        h.Logs.Entries.Where(e => e.EventId == EngineLogs.TransitionLost).Should().ContainSingle("the loser saw the race it lost");
    }

    /// <summary>An approved change that <paramref name="owner"/> claimed (approved -> executing) and then stopped working on.</summary>
    private static async Task<ChangeDocument> ApprovedAndClaimedAsync(GateHarness h, ExecutorInstance owner)
    {
        var change = await h.ProposeScaleAsync(4);
        await h.SubmitAsync(change.Id, "alice");
        await h.ForceStateAsync(change.Id, ChangeState.PendingApproval, ChangeState.Approved);
        var stored = await h.Ledger.GetChangeAsync(change.Id);
        var executing = ChangeJson.Deserialize(stored!.DocumentJson) with { State = ChangeState.Executing };
        await h.Ledger.TransitionAsync(change.Id, ChangeState.Approved, ChangeState.Executing, ChangeJson.Serialize(executing), "executing",
            new JsonObject { ["from"] = "approved", ["to"] = "executing" },
            new ClaimCheck { Owner = owner, Mode = ClaimMode.Take, Lease = TimeSpan.FromSeconds(30) });
        return change;
    }
}
