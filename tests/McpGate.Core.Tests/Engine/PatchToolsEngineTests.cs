using System.Text.Json.Nodes;
using McpGate.Core.Changes;
using McpGate.Core.Cluster;
using McpGate.Core.Engine;
using McpGate.Core.Operations;
using McpGate.Core.Proofs;
using McpGate.Testing.Engine;

namespace McpGate.Core.Tests.Engine;

/// <summary>
/// The shipped tools built on the patch strategy (set_image, restart_rollout, scale_workload,
/// cordon/uncordon_node, suspend/resume_cronjob), through the engine against the sandbox: each is
/// proposed, approved, executed once and verified, and refused or rolled back when it must be.
/// </summary>
public sealed class PatchToolsEngineTests
{
    private const string Rules = """
        rules:
          - name: catalogue
            tools: [set_image, restart_rollout, scale_workload, suspend_cronjob, resume_cronjob, cordon_node, uncordon_node]
            effect: allow
            approval: { count: 1, groups: [sre] }
        """;

    private static ResourceRef Deployment(string ns, string name) => new() { Group = "apps", Version = "v1", Resource = "deployments", Namespace = ns, Name = name };

    private static ResourceRef Node(string name) => new() { Group = string.Empty, Version = "v1", Resource = "nodes", Name = name };

    private static async Task<string?> ImageAsync(GateHarness h, ResourceRef workload, string container = "web")
    {
        var current = await h.Cluster.GetAsync(workload);
        return current!["spec"]!["template"]!["spec"]!["containers"]!.AsArray()
            .Single(c => c!["name"]!.GetValue<string>() == container)!["image"]!.GetValue<string>();
    }

    private static async Task<ChangeDocument> ApproveAndRunAsync(GateHarness h, ChangeDocument change)
    {
        change.State.Should().Be(ChangeState.PendingApproval, change.Outcome);
        (await h.SubmitAsync(change.Id, "alice")).Should().NotBeNull();
        return await h.ProcessUntilFinalAsync(change.Id);
    }

    [Fact]
    public async Task SetImage_Approved_PatchesOnlyThatContainerOnce_AndVerifiesTheRollout()
    {
        await using var h = await GateHarness.StartAsync(Rules);
        var web = Deployment("demo", "web");
        var before = await h.Cluster.GetAsync(web);

        var change = await h.ProposeAsync("set_image", new Dictionary<string, object?>
        {
            ["kind"] = "deployment", ["namespace"] = "demo", ["name"] = "web", ["container"] = "web", ["image"] = "nginx:1.28",
        });

        change.Diff.Should().ContainSingle(d => d.Path == "spec.template.spec.containers[name=web].image")
            .Which.To!.GetValue<string>().Should().Be("nginx:1.28");
        var step = change.Request!.Steps.Should().ContainSingle().Which;
        step.Verb.Should().Be(WriteVerb.Patch);
        step.PatchType.Should().Be(PatchType.StrategicMerge);
        step.Precondition.ResourceVersion.Should().Be(before!["metadata"]!["resourceVersion"]!.GetValue<string>());
        step.Body!.ToJsonString().Should().Be("""{"spec":{"template":{"spec":{"containers":[{"name":"web","image":"nginx:1.28"}]}}}}""");
        change.Request.Inverse.Should().ContainSingle().Which.Body!["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!
            .GetValue<string>().Should().Be("nginx:1.27", "the inverse restores the observed container list");
        (await ImageAsync(h, web)).Should().Be("nginx:1.27", "a proposal never writes");

        var final = await ApproveAndRunAsync(h, change);

        final.State.Should().Be(ChangeState.Verified, final.Outcome);
        (await ImageAsync(h, web)).Should().Be("nginx:1.28");
        (await h.EventTypesAsync(change.Id)).Count(e => e == "executed").Should().Be(1);
    }

    [Theory]
    [InlineData("sidecar")]
    [InlineData("Web")]
    [InlineData("web2")]
    public async Task SetImage_ContainerTheWorkloadDoesNotHave_IsRefusedBeforeAnyProof_NamingTheContainers(string container)
    {
        await using var h = await GateHarness.StartAsync(Rules);
        var web = Deployment("demo", "web");
        var version = (await h.Cluster.GetAsync(web))!["metadata"]!["resourceVersion"]!.GetValue<string>();

        var act = () => h.ProposeAsync("set_image", new Dictionary<string, object?>
        {
            ["kind"] = "deployment", ["namespace"] = "demo", ["name"] = "web", ["container"] = container, ["image"] = "nginx:1.28",
        });

        if (container == "Web")
        {
            await act.Should().ThrowAsync<McpGate.Core.Manifests.ArgumentValidationException>("the pattern refuses upper case");
        }
        else
        {
            (await act.Should().ThrowAsync<ProposalException>()).Which.Message.Should()
                .Contain($"containers element with name {container}").And.Contain("(it has: web)");
        }

        (await h.Cluster.GetAsync(web))!["metadata"]!["resourceVersion"]!.GetValue<string>().Should().Be(version, "nothing was written");
        (await h.Engine.ListChangesAsync("agent")).Should().BeEmpty("nothing was recorded");
    }

    [Fact]
    public async Task SetImage_TargetEditedAfterApproval_FailsWithoutWriting_TheOtherEditSurvives()
    {
        await using var h = await GateHarness.StartAsync(Rules);
        var web = Deployment("demo", "web");
        var change = await h.ProposeAsync("set_image", new Dictionary<string, object?>
        {
            ["kind"] = "deployment", ["namespace"] = "demo", ["name"] = "web", ["container"] = "web", ["image"] = "nginx:1.28",
        });
        await h.SubmitAsync(change.Id, "alice");
        await h.Cluster.PatchAsync(web, new PatchRequest
        {
            Type = PatchType.StrategicMerge,
            Patch = JsonNode.Parse("""{"spec":{"template":{"spec":{"containers":[{"name":"web","image":"nginx:1.26"}]}}}}""")!,
        }, dryRun: false);

        var final = await h.ProcessUntilFinalAsync(change.Id);

        final.State.Should().Be(ChangeState.Failed);
        final.Outcome.Should().Contain("drifted since the proof");
        (await ImageAsync(h, web)).Should().Be("nginx:1.26", "the other writer's edit is what the cluster keeps");
    }

    [Fact]
    public async Task SetImage_CrashLoopingImage_FailsVerification_AndProposesTheRollbackAsItsOwnGatedChange()
    {
        await using var h = await GateHarness.StartAsync(Rules);
        var api = Deployment("demo", "api");
        var original = await ImageAsync(h, api, "api");
        var change = await h.ProposeAsync("set_image", new Dictionary<string, object?>
        {
            ["kind"] = "deployment", ["namespace"] = "demo", ["name"] = "api", ["container"] = "api", ["image"] = "ghcr.io/example/api:crashloop",
        });

        var failed = await ApproveAndRunAsync(h, change);

        failed.State.Should().Be(ChangeState.VerificationFailed, failed.Outcome);
        failed.Outcome.Should().Contain("CrashLoopBackOff").And.Contain($"rollback {failed.RollbackChangeId} proposed");
        var rollback = (await h.Engine.GetChangeAsync(failed.RollbackChangeId!))!;
        rollback.State.Should().Be(ChangeState.PendingApproval, "a rollback is never executed without its own approval");
        rollback.RollbackOf.Should().Be(change.Id);
        rollback.Reason.Should().StartWith($"rollback of {change.Id}: verification failed");
        rollback.Request!.Inverse.Should().BeEmpty("a rollback is not itself rolled back");
        rollback.Diff.Should().Contain(d => d.Path.StartsWith("spec.template.spec.containers", StringComparison.Ordinal));
        ProofCheck.Verify(rollback, h.Engine.GatePublicKey).Claims!.RollbackOf.Should().Be(change.Id, "the link is signed");
        (await ImageAsync(h, api, "api")).Should().Be("ghcr.io/example/api:crashloop", "nothing is undone until a human approves");

        var restored = await ApproveAndRunAsync(h, rollback);

        restored.State.Should().Be(ChangeState.Verified, restored.Outcome);
        (await ImageAsync(h, api, "api")).Should().Be(original);
    }

    [Fact]
    public async Task RestartRollout_StampsTheTemplateWithTheProposalTime_AndVerifiesTheNewPods()
    {
        await using var h = await GateHarness.StartAsync(Rules);
        var change = await h.ProposeAsync("restart_rollout", new Dictionary<string, object?> { ["kind"] = "deployment", ["namespace"] = "demo", ["name"] = "web" });

        var stamp = h.Clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'", System.Globalization.CultureInfo.InvariantCulture);
        change.Diff.Should().ContainSingle("one annotation changes").Which.Path.Should()
            .StartWith("spec.template.metadata.annotations").And.Contain("kubectl.kubernetes.io/restartedAt");
        var final = await ApproveAndRunAsync(h, change);

        final.State.Should().Be(ChangeState.Verified, final.Outcome);
        var web = await h.Cluster.GetAsync(Deployment("demo", "web"));
        web!["spec"]!["template"]!["metadata"]!["annotations"]!["kubectl.kubernetes.io/restartedAt"]!.GetValue<string>().Should().StartWith(stamp);
    }

    [Fact]
    public async Task ScaleWorkload_StatefulSet_ScalesThroughTheResourceTheKindNames()
    {
        await using var h = await GateHarness.StartAsync(Rules);
        var cache = new ResourceRef { Group = "apps", Version = "v1", Resource = "statefulsets", Namespace = "prod", Name = "cache" };

        var change = await h.ProposeAsync("scale_workload", new Dictionary<string, object?> { ["kind"] = "statefulset", ["namespace"] = "prod", ["name"] = "cache", ["replicas"] = 4 });

        change.Target.Resource.Should().Be("statefulsets");
        var final = await ApproveAndRunAsync(h, change);
        final.State.Should().Be(ChangeState.Verified, final.Outcome);
        (await h.Cluster.GetAsync(cache))!["spec"]!["replicas"]!.GetValue<long>().Should().Be(4);
    }

    [Fact]
    public async Task CordonThenUncordon_ANode_EachVerifiedByTheNodeProbe()
    {
        await using var h = await GateHarness.StartAsync(Rules);
        var node = Node("sandbox-worker-1");

        var cordon = await ApproveAndRunAsync(h, await h.ProposeAsync("cordon_node", new Dictionary<string, object?> { ["node"] = "sandbox-worker-1" }));

        cordon.State.Should().Be(ChangeState.Verified, cordon.Outcome);
        cordon.Target.Namespace.Should().BeNull("nodes are cluster-scoped");
        (await h.Cluster.GetAsync(node))!["spec"]!["unschedulable"]!.GetValue<bool>().Should().BeTrue();

        var uncordon = await ApproveAndRunAsync(h, await h.ProposeAsync("uncordon_node", new Dictionary<string, object?> { ["node"] = "sandbox-worker-1" }));

        uncordon.State.Should().Be(ChangeState.Verified, uncordon.Outcome);
        (await h.Cluster.GetAsync(node))!["spec"]!["unschedulable"]?.GetValue<bool>().Should().NotBe(true);
    }

    [Fact]
    public async Task SuspendThenResume_ACronJob_TheFieldHolds()
    {
        await using var h = await GateHarness.StartAsync(Rules);
        var cron = new ResourceRef { Group = "batch", Version = "v1", Resource = "cronjobs", Namespace = "prod", Name = "nightly-report" };

        var suspend = await ApproveAndRunAsync(h, await h.ProposeAsync("suspend_cronjob", new Dictionary<string, object?> { ["namespace"] = "prod", ["name"] = "nightly-report" }));

        suspend.State.Should().Be(ChangeState.Verified, suspend.Outcome);
        (await h.Cluster.GetAsync(cron))!["spec"]!["suspend"]!.GetValue<bool>().Should().BeTrue();

        var resume = await ApproveAndRunAsync(h, await h.ProposeAsync("resume_cronjob", new Dictionary<string, object?> { ["namespace"] = "prod", ["name"] = "nightly-report" }));

        resume.State.Should().Be(ChangeState.Verified, resume.Outcome);
        (await h.Cluster.GetAsync(cron))!["spec"]!["suspend"]!.GetValue<bool>().Should().BeFalse();
    }

    [Fact]
    public async Task Recover_SetImageInterruptedAfterTheWrite_IsReconciledNotRepeated()
    {
        await using var h = await GateHarness.StartAsync(Rules);
        var web = Deployment("demo", "web");
        var change = await h.ProposeAsync("set_image", new Dictionary<string, object?>
        {
            ["kind"] = "deployment", ["namespace"] = "demo", ["name"] = "web", ["container"] = "web", ["image"] = "nginx:1.28",
        });
        await h.SubmitAsync(change.Id, "alice");
        await h.ForceStateAsync(change.Id, ChangeState.PendingApproval, ChangeState.Approved);
        await h.ForceStateAsync(change.Id, ChangeState.Approved, ChangeState.Executing);
        var step = change.Request!.Steps[0];
        await WriteSteps.ExecuteAsync(h.Cluster, step, CancellationToken.None);
        h.Sandbox.ResetRequestCounts();

        await h.Engine.ReconcileAsync(change.Id, CancellationToken.None);

        var final = (await h.Engine.GetChangeAsync(change.Id))!;
        final.State.Should().Be(ChangeState.Verified, final.Outcome);
        (await h.EventTypesAsync(change.Id)).Should().Contain("executed");
        h.Sandbox.CountRequests("PATCH", GateHarness.WebPath).Should().Be(0, "the write already happened; it is recorded, not sent again");
        (await ImageAsync(h, web)).Should().Be("nginx:1.28");
    }

    [Fact]
    public async Task Recover_SetImageInterruptedBeforeTheWrite_WritesItOnce()
    {
        await using var h = await GateHarness.StartAsync(Rules);
        var web = Deployment("demo", "web");
        var change = await h.ProposeAsync("set_image", new Dictionary<string, object?>
        {
            ["kind"] = "deployment", ["namespace"] = "demo", ["name"] = "web", ["container"] = "web", ["image"] = "nginx:1.28",
        });
        await h.SubmitAsync(change.Id, "alice");
        await h.ForceStateAsync(change.Id, ChangeState.PendingApproval, ChangeState.Approved);
        await h.ForceStateAsync(change.Id, ChangeState.Approved, ChangeState.Executing);
        h.Sandbox.ResetRequestCounts();

        await h.Engine.ReconcileAsync(change.Id, CancellationToken.None);

        (await h.Engine.GetChangeAsync(change.Id))!.State.Should().Be(ChangeState.Verified);
        h.Sandbox.CountRequests("PATCH", GateHarness.WebPath).Should().Be(1);
        (await ImageAsync(h, web)).Should().Be("nginx:1.28");
    }
}
