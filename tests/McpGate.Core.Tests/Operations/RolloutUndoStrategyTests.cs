using System.Text.Json.Nodes;
using McpGate.Core.Changes;
using McpGate.Core.Cluster;
using McpGate.Core.Engine;
using McpGate.Core.Operations;
using McpGate.Testing.Engine;

namespace McpGate.Core.Tests.Operations;

/// <summary><c>rollout_undo</c> on a real engine and the sandbox: revisions chosen, refusals, crash reconciliation, ControllerRevisions.</summary>
public sealed class RolloutUndoStrategyTests
{
    private static readonly ResourceRef s_cache = new() { Group = "apps", Version = "v1", Resource = "statefulsets", Namespace = "prod", Name = "cache" };

    [Fact]
    public async Task Propose_AfterOneImageChange_PatchesTheTemplateBackUnderTheResourceVersion()
    {
        await using var h = await GateHarness.StartAsync(WriteHarnessCalls.Policy);
        await SetImageAsync(h, "nginx:1.28");
        var (_, version) = await h.ObserveWebAsync();

        var change = await WriteHarnessCalls.ProposeAsync(h, "rollout_undo", new { kind = "deployment", @namespace = "demo", name = "web", reason = "bad image" });

        change.State.Should().Be(ChangeState.PendingApproval);
        var step = change.Request!.Steps.Should().ContainSingle().Subject;
        step.Verb.Should().Be(WriteVerb.Patch);
        step.PatchType.Should().Be(PatchType.Merge);
        step.Precondition.ResourceVersion.Should().Be(version);
        step.Body!.ToJsonString().Should().Contain("nginx:1.27").And.NotContain("pod-template-hash");
        change.Diff.Should().Contain(d => d.Path.Contains("image", StringComparison.Ordinal) && d.To!.ToString() == "nginx:1.27");
        change.Request.Inverse.Should().ContainSingle().Which.Body!.ToJsonString().Should().Contain("nginx:1.28");
        Image(await h.Cluster.GetAsync(GateHarness.Web)).Should().Be("nginx:1.28", "nothing runs before approval");
    }

    [Fact]
    public async Task Propose_NamedRevisionIsTheCurrentTemplate_IsRefused()
    {
        await using var h = await GateHarness.StartAsync(WriteHarnessCalls.Policy);
        await SetImageAsync(h, "nginx:1.28");

        var act = () => WriteHarnessCalls.ProposeAsync(h, "rollout_undo", new { kind = "deployment", @namespace = "demo", name = "web", to_revision = 2, reason = "r" });

        await act.Should().ThrowAsync<ProposalException>().WithMessage("*revision 2 of deployment demo/web has the pod template the deployment runs now*");
        (await h.Ledger.ListChangesAsync()).Should().HaveCount(1, "only the set_image change is recorded");
    }

    [Fact]
    public async Task Propose_PausedDeployment_RefusedAndNothingRecorded()
    {
        await using var h = await GateHarness.StartAsync(WriteHarnessCalls.Policy);
        await SetImageAsync(h, "nginx:1.28");
        await h.Cluster.PatchAsync(GateHarness.Web, new PatchRequest { Type = PatchType.Merge, Patch = new System.Text.Json.Nodes.JsonObject { ["spec"] = new System.Text.Json.Nodes.JsonObject { ["paused"] = true } } }, dryRun: false);
        var recorded = (await h.Ledger.ListChangesAsync()).Count;

        var act = () => WriteHarnessCalls.ProposeAsync(h, "rollout_undo", new { kind = "deployment", @namespace = "demo", name = "web", reason = "bad image" });

        await act.Should().ThrowAsync<ProposalException>().WithMessage("*deployment demo/web is paused*Resume it first*");
        (await h.Ledger.ListChangesAsync()).Should().HaveCount(recorded, "a refused proposal records nothing");
        Image(await h.Cluster.GetAsync(GateHarness.Web)).Should().Be("nginx:1.28");
    }

    [Fact]
    public async Task Recover_UndoAlreadyWritten_RecordsItWithoutWritingAgain()
    {
        await using var h = await GateHarness.StartAsync(WriteHarnessCalls.Policy);
        await SetImageAsync(h, "nginx:1.28");
        var change = await WriteHarnessCalls.ProposeAsync(h, "rollout_undo", new { kind = "deployment", @namespace = "demo", name = "web", reason = "bad image" });
        await h.SubmitAsync(change.Id, "alice");
        await h.ForceStateAsync(change.Id, ChangeState.PendingApproval, ChangeState.Approved);
        await h.ForceStateAsync(change.Id, ChangeState.Approved, ChangeState.Executing);
        var written = await WriteSteps.ExecuteAsync(h.Cluster, change.Request!.Steps[0], CancellationToken.None);
        var generation = written!["metadata"]!["generation"]!.GetValue<long>();

        var final = await h.ProcessUntilFinalAsync(change.Id);

        final.State.Should().Be(ChangeState.Verified, final.Outcome);
        (await h.Ledger.ReadEntriesAsync(0, change.Id)).Single(e => e.EventType == "executed").PayloadJson.Should().Contain("\"reconciled\":true");
        var web = await h.Cluster.GetAsync(GateHarness.Web);
        web!["metadata"]!["generation"]!.GetValue<long>().Should().Be(generation, "the engine found the write and made none of its own");
        Image(web).Should().Be("nginx:1.27");
    }

    [Fact]
    public async Task Recover_UndoNotWritten_WritesOnceAndVerifies()
    {
        await using var h = await GateHarness.StartAsync(WriteHarnessCalls.Policy);
        await SetImageAsync(h, "nginx:1.28");
        var change = await WriteHarnessCalls.ProposeAsync(h, "rollout_undo", new { kind = "deployment", @namespace = "demo", name = "web", reason = "bad image" });
        await h.SubmitAsync(change.Id, "alice");
        await h.ForceStateAsync(change.Id, ChangeState.PendingApproval, ChangeState.Approved);
        await h.ForceStateAsync(change.Id, ChangeState.Approved, ChangeState.Executing);

        var final = await h.ProcessUntilFinalAsync(change.Id);

        final.State.Should().Be(ChangeState.Verified, final.Outcome);
        (await h.Ledger.ReadEntriesAsync(0, change.Id)).Single(e => e.EventType == "executed").PayloadJson.Should().NotContain("\"reconciled\":true");
        Image(await h.Cluster.GetAsync(GateHarness.Web)).Should().Be("nginx:1.27");
    }

    [Fact]
    public async Task Recover_TemplateChangedByAnotherWriter_FailsWithoutWriting()
    {
        await using var h = await GateHarness.StartAsync(WriteHarnessCalls.Policy);
        await SetImageAsync(h, "nginx:1.28");
        var change = await WriteHarnessCalls.ProposeAsync(h, "rollout_undo", new { kind = "deployment", @namespace = "demo", name = "web", reason = "bad image" });
        await h.SubmitAsync(change.Id, "alice");
        await h.ForceStateAsync(change.Id, ChangeState.PendingApproval, ChangeState.Approved);
        await h.ForceStateAsync(change.Id, ChangeState.Approved, ChangeState.Executing);
        await h.Cluster.PatchAsync(GateHarness.Web, new PatchRequest { Type = PatchType.StrategicMerge, Patch = ImagePatch("nginx:1.30") }, dryRun: false);

        var final = await h.ProcessUntilFinalAsync(change.Id);

        final.State.Should().Be(ChangeState.Failed, final.Outcome);
        Image(await h.Cluster.GetAsync(GateHarness.Web)).Should().Be("nginx:1.30", "the other writer's template survives");
    }

    [Fact]
    public async Task Propose_StatefulSetWithControllerRevisions_GoesBackToThePreviousOne()
    {
        await using var h = await GateHarness.StartAsync(WriteHarnessCalls.Policy);
        var cache = (await h.Cluster.GetAsync(s_cache))!;
        var template = cache["spec"]!["template"]!.AsObject();
        var current = Image(cache)!;
        var older = template.DeepClone().AsObject();
        older["spec"]!["containers"]![0]!["image"] = "redis:6.2";
        await CreateRevisionAsync(h, cache, "cache-old", 1, older);
        await CreateRevisionAsync(h, cache, "cache-now", 2, template);

        var change = await WriteHarnessCalls.ProposeAsync(h, "rollout_undo", new { kind = "statefulset", @namespace = "prod", name = "cache", reason = "r" });

        change.Request!.Steps.Single().Body!.ToJsonString().Should().Contain("redis:6.2").And.NotContain("$patch");
        change.Diff.Should().Contain(d => d.To != null && d.To.ToString() == "redis:6.2" && d.From!.ToString() == current);
        change.Checks.Should().Contain(c => c.Name == "previous_revision");

        var named = () => WriteHarnessCalls.ProposeAsync(h, "rollout_undo", new { kind = "statefulset", @namespace = "prod", name = "cache", to_revision = 7, reason = "r" });
        await named.Should().ThrowAsync<ProposalException>().WithMessage("*has no revision 7*the revisions it keeps are: 1, 2 (current 2)*");
    }

    [Fact]
    public async Task Propose_StatefulSetWithoutRevisions_IsRefused()
    {
        await using var h = await GateHarness.StartAsync(WriteHarnessCalls.Policy);

        var act = () => WriteHarnessCalls.ProposeAsync(h, "rollout_undo", new { kind = "statefulset", @namespace = "prod", name = "cache", reason = "r" });

        await act.Should().ThrowAsync<ProposalException>().WithMessage("nothing to roll back to: statefulset prod/cache*keeps no revisions*");
    }

    private static async Task SetImageAsync(GateHarness h, string image)
    {
        var final = await WriteHarnessCalls.RunAsync(h, "set_image", new { kind = "deployment", @namespace = "demo", name = "web", container = "web", image, reason = "new image" });
        final.State.Should().Be(ChangeState.Verified, final.Outcome);
    }

    private static JsonObject ImagePatch(string image) =>
        new() { ["spec"] = new JsonObject { ["template"] = new JsonObject { ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "web", ["image"] = image }) } } } };

    private static string? Image(JsonObject? workload) => workload?["spec"]?["template"]?["spec"]?["containers"]?[0]?["image"]?.GetValue<string>();

    private static Task<JsonObject> CreateRevisionAsync(GateHarness h, JsonObject owner, string name, int revision, JsonObject template)
    {
        var data = template.DeepClone().AsObject();
        data["$patch"] = "replace";
        return h.Cluster.CreateAsync(s_cache with { Resource = "controllerrevisions", Name = name }, new CreateRequest
        {
            Body = new JsonObject
            {
                ["apiVersion"] = "apps/v1",
                ["kind"] = "ControllerRevision",
                ["metadata"] = new JsonObject
                {
                    ["name"] = name,
                    ["namespace"] = "prod",
                    ["labels"] = owner["spec"]!["selector"]!["matchLabels"]!.DeepClone(),
                    ["ownerReferences"] = new JsonArray(new JsonObject
                    {
                        ["apiVersion"] = "apps/v1",
                        ["kind"] = "StatefulSet",
                        ["name"] = "cache",
                        ["uid"] = owner["metadata"]!["uid"]!.DeepClone(),
                        ["controller"] = true,
                    }),
                },
                ["data"] = new JsonObject { ["spec"] = new JsonObject { ["template"] = data } },
                ["revision"] = revision,
            },
        }, dryRun: false);
    }
}
