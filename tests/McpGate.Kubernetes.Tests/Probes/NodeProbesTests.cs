using System.Text.Json.Nodes;
using McpGate.Core.Cluster;
using McpGate.Kubernetes.Api;
using McpGate.Testing.Sandbox;

namespace McpGate.Kubernetes.Tests.Probes;

/// <summary>
/// <c>node_unschedulable</c>, <c>node_schedulable</c> and <c>node_drained</c> on the sandbox's
/// worker nodes (this class has its own sandbox: it cordons nodes).
/// </summary>
public sealed class NodeProbesTests(ManualClockSandboxFixture sandbox) : ProbeSandboxTest(sandbox)
{
    private const string Node = "sandbox-worker-1";
    private static readonly ResourceRef s_node = new() { Group = string.Empty, Version = "v1", Resource = "nodes", Name = Node };
    private static readonly ResourceRef s_pods = new() { Group = string.Empty, Version = "v1", Resource = "pods" };

    [Fact]
    public async Task Probes_CordonThenDrainThenUncordon_EachVerdictFollowsTheNode()
    {
        await Sandbox.WaitForIdleAsync(Ct);
        var beforeCordon = await LookAsync(Context(s_node, "node_unschedulable"));
        var cordon = Cordon(true);
        await Client.PatchAsync(s_node, cordon, cancellationToken: Ct);
        await Sandbox.WaitForIdleAsync(Ct);

        var cordoned = await LookAsync(Context(s_node, "node_unschedulable", cordon));
        var notDrained = await LookAsync(Context(s_node, "node_drained"));
        var left = await PodsLeftAsync();
        foreach (var pod in left)
        {
            await Client.DeleteAsync(s_pods with { Namespace = pod["metadata"]!["namespace"]!.GetValue<string>(), Name = pod["metadata"]!["name"]!.GetValue<string>() }, cancellationToken: Ct);
        }

        var drained = await LookUntilSettledAsync(Context(s_node, "node_drained"));
        var uncordon = Cordon(false);
        await Client.PatchAsync(s_node, uncordon, cancellationToken: Ct);
        var schedulable = await LookAsync(Context(s_node, "node_schedulable", uncordon));
        var drainedButUncordoned = await LookAsync(Context(s_node, "node_drained"));

        beforeCordon.Status.Should().Be(ProbeStatus.Failed, "a schedulable node is not what node_unschedulable expects");
        Fact(beforeCordon, "spec.unschedulable").Should().Be("false");
        cordoned.Status.Should().Be(ProbeStatus.Done);
        cordoned.Detail.Should().Be($"node {Node} is unschedulable (cordoned)");
        Fact(cordoned, "unschedulableTaint").Should().Be("present", "the node lifecycle controller taints a cordoned node");
        left.Should().NotBeEmpty("the demo workloads run pods on both workers");
        notDrained.Status.Should().Be(ProbeStatus.Progressing);
        Fact(notDrained, "podsLeft").Should().Be(left.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Fact(notDrained, "remaining").Should().Contain("demo/");
        drained[^1].Status.Should().Be(ProbeStatus.Done, drained[^1].Detail);
        Fact(drained[^1], "podsLeft").Should().Be("0");
        schedulable.Status.Should().Be(ProbeStatus.Done);
        Fact(schedulable, "spec.unschedulable").Should().Be("false");
        drainedButUncordoned.Status.Should().Be(ProbeStatus.Failed);
        drainedButUncordoned.Detail.Should().Be($"node {Node} is schedulable again: a drained node must stay cordoned");
    }

    [Fact]
    public async Task NodeDrained_DaemonSetAndMirrorPods_StayAndDoNotCount()
    {
        await Sandbox.WaitForIdleAsync(Ct);
        var daemonSet = await CreateSettledAsync("daemonsets", Workload("DaemonSet", UniqueName("agent"), "nginx:1.27", replicas: null));
        var mirror = UniqueName("static");
        await Client.CreateAsync(s_pods with { Namespace = "demo" }, new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject { ["name"] = mirror, ["namespace"] = "demo", ["annotations"] = new JsonObject { ["kubernetes.io/config.mirror"] = "abc" } },
            ["spec"] = new JsonObject { ["nodeName"] = "sandbox-worker-2", ["containers"] = new JsonArray(new JsonObject { ["name"] = "etcd", ["image"] = "etcd:3.5" }) },
        }, cancellationToken: Ct);
        var node = s_node with { Name = "sandbox-worker-2" };
        await Client.PatchAsync(node, Cordon(true), cancellationToken: Ct);
        try
        {
            foreach (var pod in await PodsLeftAsync("sandbox-worker-2"))
            {
                await Client.DeleteAsync(s_pods with { Namespace = pod["metadata"]!["namespace"]!.GetValue<string>(), Name = pod["metadata"]!["name"]!.GetValue<string>() }, cancellationToken: Ct);
            }

            var drained = (await LookUntilSettledAsync(Context(node, "node_drained")))[^1];

            var daemonPods = (await Client.ListAsync(s_pods, new KubeListOptions { FieldSelector = "spec.nodeName=sandbox-worker-2" }, Ct))["items"]!.AsArray()
                .Count(p => (p!["metadata"]!["ownerReferences"]?.AsArray() ?? []).Any(o => o?["kind"]?.GetValue<string>() == "DaemonSet"));
            drained.Status.Should().Be(ProbeStatus.Done, drained.Detail);
            daemonPods.Should().BeGreaterThanOrEqualTo(1, "this test's DaemonSet runs a pod on every node");
            Fact(drained, "daemonSetPods").Should().Be(daemonPods.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Fact(drained, "mirrorPods").Should().Be("1");
        }
        finally
        {
            await Client.PatchAsync(node, Cordon(false), cancellationToken: Ct);
            await DeleteAsync(daemonSet);
        }
    }

    private async Task<List<JsonObject>> PodsLeftAsync(string node = Node) =>
        [.. (await Client.ListAsync(s_pods, new KubeListOptions { FieldSelector = $"spec.nodeName={node}" }, Ct))["items"]!.AsArray()
            .OfType<JsonObject>()
            .Where(p => p["metadata"]?["annotations"]?["kubernetes.io/config.mirror"] is null
                && !(p["metadata"]?["ownerReferences"]?.AsArray() ?? []).Any(o => o?["kind"]?.GetValue<string>() == "DaemonSet"))];

    private static JsonObject Cordon(bool unschedulable) => new() { ["spec"] = new JsonObject { ["unschedulable"] = unschedulable ? true : null } };
}
