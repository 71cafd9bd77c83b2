using System.Text.Json.Nodes;
using McpGate.Core.Cluster;
using McpGate.Testing.Mcp;

namespace McpGate.EndToEnd.Tests;

/// <summary><c>drain_node</c> through a real MCP client against a sandbox whose controllers recreate evicted pods elsewhere.</summary>
public sealed class DrainNodeTests(ClusterGateFixture gate) : IClassFixture<ClusterGateFixture>
{
    public const string Node = "sandbox-worker-1";

    private static readonly TimeSpan s_testTimeout = TimeSpan.FromMinutes(2);

    internal static ResourceRef Pods => new() { Group = string.Empty, Version = "v1", Resource = "pods" };

    internal static ResourceRef NodeRef(string name) => new() { Group = string.Empty, Version = "v1", Resource = "nodes", Name = name };

    [Fact]
    public async Task DrainNode_AfterApproval_CordonsEvictsAndVerifiesDrained()
    {
        using var timeout = new CancellationTokenSource(s_testTimeout);
        var ct = timeout.Token;
        await gate.Sandbox.WaitForSettledAsync(TimeSpan.FromSeconds(30), ct);
        var before = await PodsOnAsync(gate, Node, ct);
        before.Where(p => Owner(p) != "DaemonSet").Should().HaveCountGreaterThan(1);

        var proposal = await gate.Client.CallOkAsync("drain_node", new() { ["node"] = Node, ["reason"] = "e2e: kernel upgrade" }, cancellationToken: ct);
        proposal.GetProperty("status").GetString().Should().Be("pending_approval", proposal.ToString());
        (await gate.Cluster.GetAsync(NodeRef(Node), ct))!["spec"]!["unschedulable"].Should().BeNull("nothing runs before approval");
        var changeId = proposal.GetProperty("changeId").GetString()!;

        await gate.ApproveAsync(changeId);
        var final = await gate.Client.CallOkAsync("get_change", new() { ["change_id"] = changeId, ["wait_seconds"] = 90 }, cancellationToken: ct);

        final.GetProperty("status").GetString().Should().Be("verified", final.ToString());
        (await gate.Cluster.GetAsync(NodeRef(Node), ct))!["spec"]!["unschedulable"]!.GetValue<bool>().Should().BeTrue();
        var after = await PodsOnAsync(gate, Node, ct);
        after.Should().OnlyContain(p => Owner(p) == "DaemonSet", "every other pod was evicted");
        after.Should().HaveCount(before.Count(p => Owner(p) == "DaemonSet"), "DaemonSet pods stay, as kubectl drain leaves them");
        var elsewhere = (await gate.Cluster.ListAsync(Pods, cancellationToken: ct))["items"]!.AsArray().OfType<JsonObject>()
            .Where(p => p["metadata"]!["namespace"]!.GetValue<string>() == "demo" && p["metadata"]!["labels"]?["app"]?.GetValue<string>() == "web")
            .ToList();
        elsewhere.Should().NotBeEmpty().And.OnlyContain(p => p["spec"]!["nodeName"] == null || p["spec"]!["nodeName"]!.GetValue<string>() != Node);
    }

    internal static async Task<List<JsonObject>> PodsOnAsync(ClusterGateFixture gate, string node, CancellationToken ct) =>
        [.. (await gate.Cluster.ListAsync(Pods, cancellationToken: ct))["items"]!.AsArray().OfType<JsonObject>()
            .Where(p => p["spec"]?["nodeName"]?.GetValue<string>() == node)];

    internal static string? Owner(JsonObject pod) => pod["metadata"]?["ownerReferences"]?[0]?["kind"]?.GetValue<string>();
}
