using System.Text.Json;
using System.Text.Json.Nodes;
using McpGate.Core.Changes;
using McpGate.Core.Cluster;
using McpGate.Core.Manifests;
using McpGate.Core.Operations;
using McpGate.Testing.Engine;

namespace McpGate.Core.Tests.Engine;

/// <summary>
/// Crash reconciliation of the delete and drain strategies: a change left executing is judged step by
/// step from the cluster, never sent twice, and finished from the first step that did not run.
/// </summary>
public sealed class ChangeEngineRemovalRecoveryTests
{
    private const string Rules = """
        rules:
          - name: deletes
            tools: [delete_resource]
            namespaces: [demo]
            effect: allow
            approval: { count: 1, groups: [sre] }
          - name: drains
            tools: [drain_node]
            effect: allow
            approval: { count: 1, groups: [sre] }
        """;

    private const string Node = "sandbox-worker-1";

    private static readonly TimeSpan s_settle = TimeSpan.FromSeconds(20);

    private static ResourceRef ConfigMap(string name) => new() { Group = string.Empty, Version = "v1", Resource = "configmaps", Namespace = "demo", Name = name };

    private static ResourceRef NodeRef => new() { Group = string.Empty, Version = "v1", Resource = "nodes", Name = Node };

    [Fact]
    public async Task Recover_DeleteThatReachedTheCluster_IsRecordedWithoutDeletingAgain()
    {
        await using var h = await GateHarness.StartAsync(Rules);
        var (change, uid) = await ProposeDeleteAsync(h, "settings");
        await ExecutingAsync(h, change.Id);
        await h.Cluster.DeleteAsync(ConfigMap("settings"), new DeleteRequest { Preconditions = new DeletePreconditions { Uid = uid } }, dryRun: false);
        h.Sandbox.ResetRequestCounts();

        await EngineRuns.UntilFinalAsync(h, [h.Engine], [change.Id]);

        var final = (await h.Engine.GetChangeAsync(change.Id))!;
        final.State.Should().Be(ChangeState.Verified, final.Outcome);
        h.Sandbox.CountRequests("DELETE", "/").Should().Be(0, "the delete took effect before the crash");
        (await h.Cluster.GetAsync(ConfigMap("settings"))).Should().BeNull();
    }

    [Fact]
    public async Task Recover_DeleteNeverSent_DeletesOnceAndVerifiesGone()
    {
        await using var h = await GateHarness.StartAsync(Rules);
        var (change, _) = await ProposeDeleteAsync(h, "settings");
        await ExecutingAsync(h, change.Id);
        h.Sandbox.ResetRequestCounts();

        await EngineRuns.UntilFinalAsync(h, [h.Engine], [change.Id]);

        var final = (await h.Engine.GetChangeAsync(change.Id))!;
        final.State.Should().Be(ChangeState.Verified, final.Outcome);
        h.Sandbox.CountRequests("DELETE", "/api/v1/namespaces/demo/configmaps/settings").Should().Be(1);
        (await h.Cluster.GetAsync(ConfigMap("settings"))).Should().BeNull();
    }

    [Fact]
    public async Task Recover_DeleteWhoseObjectWasReplaced_LeavesTheNewObjectAlone()
    {
        await using var h = await GateHarness.StartAsync(Rules);
        var (change, uid) = await ProposeDeleteAsync(h, "settings");
        await ExecutingAsync(h, change.Id);
        await h.Cluster.DeleteAsync(ConfigMap("settings"), new DeleteRequest(), dryRun: false);
        var replacement = await CreateConfigMapAsync(h, "settings");
        h.Sandbox.ResetRequestCounts();

        await EngineRuns.UntilFinalAsync(h, [h.Engine], [change.Id]);

        var final = (await h.Engine.GetChangeAsync(change.Id))!;
        final.State.Should().Be(ChangeState.Verified, "the object the proof named is gone, whoever deleted it");
        h.Sandbox.CountRequests("DELETE", "/").Should().Be(0);
        var current = await h.Cluster.GetAsync(ConfigMap("settings"));
        current!["metadata"]!["uid"]!.GetValue<string>().Should().Be(replacement).And.NotBe(uid);
    }

    [Fact]
    public async Task Recover_DrainHalfDone_EvictsOnlyThePodsStillThere_AndVerifiesDrained()
    {
        await using var h = await GateHarness.StartAsync(Rules);
        await h.Sandbox.WaitForSettledAsync(s_settle);
        var change = await ProposeDrainAsync(h);
        var request = change.Request!;
        var evictions = request.Steps.Where(s => s.Verb == WriteVerb.Evict).ToList();
        evictions.Should().HaveCountGreaterThan(1, "the sandbox runs several pods on each node");
        await ExecutingAsync(h, change.Id);

        // The crashed execution had cordoned the node and evicted the first pod.
        await h.Cluster.PatchAsync(NodeRef, new PatchRequest { Type = PatchType.Merge, Patch = new JsonObject { ["spec"] = new JsonObject { ["unschedulable"] = true } } }, dryRun: false);
        var first = evictions[0];
        await h.Cluster.EvictAsync(first.Target.ToResourceRef(), new DeletePreconditions { Uid = first.Precondition.Uid }, dryRun: false);
        h.Sandbox.ResetRequestCounts();

        await EngineRuns.UntilFinalAsync(h, [h.Engine], [change.Id]);

        var final = (await h.Engine.GetChangeAsync(change.Id))!;
        final.State.Should().Be(ChangeState.Verified, final.Outcome);
        h.Sandbox.CountRequests("POST", EvictionPath(first)).Should().Be(0, "the first pod was evicted before the crash");
        foreach (var rest in evictions.Skip(1))
        {
            h.Sandbox.CountRequests("POST", EvictionPath(rest)).Should().BeGreaterThan(0, $"{rest.Target} was still on the node");
        }

        var node = await h.Cluster.GetAsync(NodeRef);
        node!["spec"]!["unschedulable"]!.GetValue<bool>().Should().BeTrue();
        var pods = await h.Cluster.ListAsync(new ResourceRef { Group = string.Empty, Version = "v1", Resource = "pods" });
        pods["items"]!.AsArray().OfType<JsonObject>()
            .Where(p => p["spec"]?["nodeName"]?.GetValue<string>() == Node)
            .Should().OnlyContain(p => p["metadata"]!["ownerReferences"]![0]!["kind"]!.GetValue<string>() == "DaemonSet");
    }

    [Fact]
    public async Task Recover_DrainInterruptedBeforeTheCordon_CordonsAndEvictsEverything()
    {
        await using var h = await GateHarness.StartAsync(Rules);
        await h.Sandbox.WaitForSettledAsync(s_settle);
        var change = await ProposeDrainAsync(h);
        await ExecutingAsync(h, change.Id);
        h.Sandbox.ResetRequestCounts();

        await EngineRuns.UntilFinalAsync(h, [h.Engine], [change.Id]);

        var final = (await h.Engine.GetChangeAsync(change.Id))!;
        final.State.Should().Be(ChangeState.Verified, final.Outcome);
        h.Sandbox.CountRequests("PATCH", $"/api/v1/nodes/{Node}").Should().Be(1);
    }

    private static string EvictionPath(WriteStep step) =>
        $"/api/v1/namespaces/{step.Target.Namespace}/pods/{step.Target.Name}/eviction";

    private static async Task ExecutingAsync(GateHarness h, string changeId)
    {
        await h.SubmitAsync(changeId, "alice");
        await h.ForceStateAsync(changeId, ChangeState.PendingApproval, ChangeState.Approved);
        await h.ForceStateAsync(changeId, ChangeState.Approved, ChangeState.Executing);
    }

    private static async Task<string> CreateConfigMapAsync(GateHarness h, string name)
    {
        var created = await h.Cluster.CreateAsync(ConfigMap(name), new CreateRequest
        {
            Body = new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "ConfigMap",
                ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "demo" },
                ["data"] = new JsonObject { ["mode"] = "blue" },
            },
        }, dryRun: false);
        return created["metadata"]!["uid"]!.GetValue<string>();
    }

    private static async Task<(ChangeDocument Change, string Uid)> ProposeDeleteAsync(GateHarness h, string name)
    {
        var uid = await CreateConfigMapAsync(h, name);
        var tool = h.Manifests.Find("delete_resource")!;
        var arguments = ArgumentBinder.Bind(tool, new Dictionary<string, JsonElement>
        {
            ["kind"] = JsonSerializer.SerializeToElement("v1/configmaps"),
            ["namespace"] = JsonSerializer.SerializeToElement("demo"),
            ["name"] = JsonSerializer.SerializeToElement(name),
            ["reason"] = JsonSerializer.SerializeToElement("engine test"),
        });
        var change = await h.Engine.ProposeAsync(tool, arguments, "agent");
        change.State.Should().Be(ChangeState.PendingApproval, change.Outcome);
        return (change, uid);
    }

    private static async Task<ChangeDocument> ProposeDrainAsync(GateHarness h)
    {
        var tool = h.Manifests.Find("drain_node")!;
        var arguments = ArgumentBinder.Bind(tool, new Dictionary<string, JsonElement>
        {
            ["node"] = JsonSerializer.SerializeToElement(Node),
            ["reason"] = JsonSerializer.SerializeToElement("engine test"),
        });
        var change = await h.Engine.ProposeAsync(tool, arguments, "agent");
        change.State.Should().Be(ChangeState.PendingApproval, change.Outcome);
        return change;
    }
}
