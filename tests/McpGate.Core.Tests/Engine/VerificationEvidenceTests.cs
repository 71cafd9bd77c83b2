using System.Text.Json.Nodes;
using McpGate.Core.Changes;
using McpGate.Sandbox.Faults;
using McpGate.Testing.Engine;
using McpGate.Testing.Time;

namespace McpGate.Core.Tests.Engine;

/// <summary>
/// What the engine writes down about a verification: the probe's confidence and every fact in the
/// ledger entry of verified / verification_failed, the first facts in the change's outcome, and on a
/// timeout the last look and why.
/// </summary>
public sealed class VerificationEvidenceTests
{
    private const string WebPath = "/apis/apps/v1/namespaces/demo/deployments/web";

    [Fact]
    public async Task Verify_Done_RecordsConfidenceAndTheCountsSeen()
    {
        await using var h = await GateHarness.StartAsync();
        var change = await h.ProposeScaleAsync(4);
        await h.SubmitAsync(change.Id, "alice");

        var final = await h.ProcessUntilFinalAsync(change.Id);

        final.State.Should().Be(ChangeState.Verified, final.Outcome);
        var payload = await LedgerPayloadTests.PayloadAsync(h, change.Id, "verified");
        payload["confidence"]!.GetValue<string>().Should().Be("high");
        var evidence = Evidence(payload);
        evidence.Should().Contain("desiredReplicas", "4").And.Contain("readyReplicas", "4").And.Contain("availableReplicas", "4")
            .And.Contain("newPods", "4").And.Contain("restarts", "0");
        evidence["observedGeneration"].Should().Be(evidence["generation"]);
        payload["timedOut"].Should().BeNull();
        final.Outcome.Should().Be($"verified: {payload["detail"]!.GetValue<string>()} [confidence high; generation {evidence["generation"]}, observedGeneration {evidence["generation"]}, desiredReplicas 4, updatedReplicas 4, +{evidence.Count - 4} more in the ledger]");
    }

    [Fact]
    public async Task Verify_Failed_RecordsTheEvidenceOfTheLastLookInLedgerAndOutcome()
    {
        await using var h = await GateHarness.StartAsync();
        var change = await h.ProposeScaleAsync(4);
        await h.SubmitAsync(change.Id, "alice");
        await h.ForceStateAsync(change.Id, ChangeState.PendingApproval, ChangeState.Approved);
        await h.ForceStateAsync(change.Id, ChangeState.Approved, ChangeState.Executing);
        await h.ForceStateAsync(change.Id, ChangeState.Executing, ChangeState.Executed);

        var final = await h.ProcessUntilFinalAsync(change.Id);

        final.State.Should().Be(ChangeState.VerificationFailed);
        var payload = await LedgerPayloadTests.PayloadAsync(h, change.Id, "verification_failed");
        payload["detail"]!.GetValue<string>().Should().Be("the target no longer holds the change: something else changed it after the write");
        payload["confidence"]!.GetValue<string>().Should().Be("high");
        var evidence = Evidence(payload);
        evidence.Should().Contain("desiredReplicas", "2", "the write never happened: the rollout the probe saw is of 2 replicas")
            .And.Contain("readyReplicas", "2");
        final.Outcome.Should().StartWith("verification failed: the target no longer holds the change: something else changed it after the write [confidence high; generation ")
            .And.Contain("desiredReplicas 2, updatedReplicas 2, +");
        (await h.ObserveWebAsync()).Replicas.Should().Be(2);
    }

    [Fact]
    public async Task Verify_TimedOut_RecordsWhyAndTheLastLook()
    {
        await using var h = await GateHarness.StartAsync();
        var change = await h.ProposeScaleAsync(4);
        await h.SubmitAsync(change.Id, "alice");
        await h.ForceStateAsync(change.Id, ChangeState.PendingApproval, ChangeState.Approved);
        await h.ForceStateAsync(change.Id, ChangeState.Approved, ChangeState.Executing);
        await h.Cluster.PatchAsync(GateHarness.Web, (JsonObject)change.Patch.DeepClone(), change.ObservedResourceVersion, dryRun: false);
        await h.ForceStateAsync(change.Id, ChangeState.Executing, ChangeState.Executed);
        h.Sandbox.Faults.Add(new SandboxFault { Kind = SandboxFaultKind.ServerError, StatusCode = 503, Method = "GET", PathPrefix = WebPath, Count = 1_000_000 });
        h.Sandbox.ResetRequestCounts();

        await h.Engine.ProcessAsync();
        await Poll.UntilAsync(() => h.Sandbox.CountRequests("GET", WebPath) >= 2, "the probe looked at the target");
        h.Clock.Advance(TimeSpan.FromMinutes(3));
        var final = await h.Engine.WaitForChangeAsync(change.Id, TimeSpan.FromSeconds(60), null);

        final!.State.Should().Be(ChangeState.VerificationFailed);
        var payload = await LedgerPayloadTests.PayloadAsync(h, change.Id, "verification_failed");
        payload["timedOut"]!.GetValue<string>().Should().Be("rollout_complete not reached within 120s; the last look is recorded");
        payload["confidence"]!.GetValue<string>().Should().Be("low");
        Evidence(payload).Should().ContainKey("error");
        final.Outcome.Should().StartWith("verification failed: rollout_complete not reached within 120s (could not observe the target: ")
            .And.EndWith($"[confidence low; error {Evidence(payload)["error"]}]");
    }

    private static Dictionary<string, string> Evidence(JsonNode payload) =>
        payload["evidence"]!.AsArray().ToDictionary(f => f!["name"]!.GetValue<string>(), f => f!["value"]!.GetValue<string>(), StringComparer.Ordinal);
}
