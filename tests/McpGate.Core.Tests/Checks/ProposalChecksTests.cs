using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using McpGate.Core.Changes;
using McpGate.Core.Proofs;
using McpGate.Testing.Engine;
using McpGate.Testing.Sandbox;

namespace McpGate.Core.Tests.Checks;

/// <summary>The manifest's picked checks through the real engine: run, signed into the proof, and deciding only on fail.</summary>
public sealed class ProposalChecksTests
{
    public const string TrackingId = "shop:apps/Deployment:demo/web";

    [Fact]
    public async Task Propose_GitOpsManagedTarget_IsFlaggedWarnInTheSignedProof_AndStillPendsApproval()
    {
        await using var h = await GateHarness.StartAsync();
        await h.Cluster.PatchAsync(GateHarness.Web, new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { ["argocd.argoproj.io/tracking-id"] = TrackingId } } }, null, dryRun: false);
        await h.Sandbox.WaitForSettledAsync(SandboxFixture.QuietTimeout);

        var change = await h.ProposeScaleAsync(3);

        change.State.Should().Be(ChangeState.PendingApproval, "a warning informs the approver; it does not deny");
        var proof = ProofVerifier.Verify(change.ProofEnvelope!, h.Engine.GatePublicKey, requireSignature: true);
        proof.Succeeded.Should().BeTrue(proof.Failure);
        var predicate = proof.Statement!["predicate"]!;
        var signed = predicate["checks"]!.AsArray().Select(c => (Name: c!["name"]!.GetValue<string>(), Status: c["status"]!.GetValue<string>(), Detail: c["detail"]!.GetValue<string>())).ToList();
        signed.Select(c => (c.Name, c.Status)).Should().Equal(
            ("target_exists", "pass"), ("dry_run_accepted", "pass"), ("no_drift", "pass"), ("policy_constraints", "pass"),
            ("gitops_managed", "warn"), ("blast_radius", "pass"), ("pdb_allows", "pass"), ("target_healthy", "pass"));
        signed.Single(c => c.Name == "gitops_managed").Detail.Should().Be(
            $"managed by Argo CD (annotation argocd.argoproj.io/tracking-id \"{TrackingId}\"); the change would be reverted unless it is also made in Git");
        predicate["releaseScore"]!.GetValue<int>().Should().Be(89);
        ProofClaims.FromStatement(proof.Statement).Checks.Should().BeEquivalentTo(change.Checks, o => o.WithStrictOrdering());
        (await h.EventTypesAsync(change.Id)).Should().Equal("proposed", "proven", "pending_approval");
    }

    [Fact]
    public async Task Propose_AFailingPickedCheck_DeniesAndLeavesTheClusterUntouched()
    {
        await using var h = await GateHarness.StartAsync();
        await CreateBudgetAsync(h, minAvailable: 2);
        await h.Sandbox.WaitForSettledAsync(SandboxFixture.QuietTimeout);
        var before = await h.ObserveWebAsync();

        var change = await h.ProposeScaleAsync(1);

        change.State.Should().Be(ChangeState.Denied);
        change.Outcome.Should().Be("check pdb_allows failed: 1 pod(s) disrupted at once (scale-down removes 1 pod(s) (replicas 2 -> 1)) exceeds PodDisruptionBudget(s) \"web-pdb\" (disruptionsAllowed 0)");
        change.Checks.Single(c => c.Name == "pdb_allows").Status.Should().Be(CheckStatus.Fail);
        (await h.ObserveWebAsync()).Should().Be(before, "a denied proposal never writes");
        (await h.EventTypesAsync(change.Id)).Should().Equal("proposed", "proven", "denied");
    }

    [Fact]
    public async Task Propose_WarningsOnly_NeverDeny()
    {
        await using var h = await GateHarness.StartAsync();
        await h.Sandbox.WaitForSettledAsync(SandboxFixture.QuietTimeout);

        var change = await h.ProposeScaleAsync(0);

        change.Checks.Single(c => c.Name == "blast_radius").Status.Should().Be(CheckStatus.Warn);
        change.Checks.Should().NotContain(c => c.Failed);
        change.State.Should().Be(ChangeState.PendingApproval);
    }

    private static async Task CreateBudgetAsync(GateHarness h, int minAvailable)
    {
        using var client = new HttpClient { BaseAddress = h.Sandbox.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", h.Sandbox.Token);
        using var response = await client.PostAsJsonAsync("/apis/policy/v1/namespaces/demo/poddisruptionbudgets", new JsonObject
        {
            ["apiVersion"] = "policy/v1",
            ["kind"] = "PodDisruptionBudget",
            ["metadata"] = new JsonObject { ["name"] = "web-pdb", ["namespace"] = "demo" },
            ["spec"] = new JsonObject { ["minAvailable"] = minAvailable, ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = "web" } } },
        });
        response.EnsureSuccessStatusCode();
    }
}
