using System.Text.Json.Nodes;
using McpGate.Core.Cluster;
using McpGate.Testing.Mcp;

namespace McpGate.EndToEnd.Tests;

/// <summary>A drain whose eviction a PodDisruptionBudget refuses: it waits, then fails at the timeout naming the budget.</summary>
public sealed class DrainNodeBudgetTests(ClusterGateFixture gate) : IClassFixture<ClusterGateFixture>
{
    private static readonly TimeSpan s_testTimeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task DrainNode_BudgetAllowsNoDisruption_WaitsThenFailsNamingTheBudget_NodeStaysCordoned()
    {
        using var timeout = new CancellationTokenSource(s_testTimeout);
        var ct = timeout.Token;
        await gate.Sandbox.WaitForSettledAsync(TimeSpan.FromSeconds(30), ct);
        var guarded = (await gate.Cluster.ListAsync(DrainNodeTests.Pods with { Namespace = "demo" }, "app=web", ct))["items"]!.AsArray().OfType<JsonObject>().First();
        var node = guarded["spec"]!["nodeName"]!.GetValue<string>();
        var proposal = await gate.Client.CallOkAsync("drain_node", new() { ["node"] = node, ["reason"] = "e2e: budget test" }, cancellationToken: ct);
        proposal.GetProperty("status").GetString().Should().Be("pending_approval", proposal.ToString());
        var changeId = proposal.GetProperty("changeId").GetString()!;

        // A budget that allows no disruption of demo/web, made after the proof (which saw none).
        await gate.Cluster.CreateAsync(new ResourceRef { Group = "policy", Version = "v1", Resource = "poddisruptionbudgets", Namespace = "demo", Name = "web-guard" }, new CreateRequest
        {
            Body = new JsonObject
            {
                ["apiVersion"] = "policy/v1",
                ["kind"] = "PodDisruptionBudget",
                ["metadata"] = new JsonObject { ["name"] = "web-guard", ["namespace"] = "demo" },
                ["spec"] = new JsonObject { ["maxUnavailable"] = 0, ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = "web" } } },
            },
        }, dryRun: false, ct);
        await gate.ApproveAsync(changeId);
        var final = await gate.Client.CallOkAsync("get_change", new() { ["change_id"] = changeId, ["wait_seconds"] = ClusterGateFixture.DrainTimeoutSeconds + 40 }, cancellationToken: ct);

        final.GetProperty("status").GetString().Should().Be("failed", final.ToString());
        var outcome = final.GetProperty("outcome").GetString();
        outcome.Should().Contain("PodDisruptionBudget").And.Contain("web-guard").And.Contain(guarded["metadata"]!["name"]!.GetValue<string>())
            .And.Contain($"for {ClusterGateFixture.DrainTimeoutSeconds}s");
        (await gate.Cluster.GetAsync(DrainNodeTests.NodeRef(node), ct))!["spec"]!["unschedulable"]!.GetValue<bool>().Should().BeTrue("the cordon stays: the drain failed part way");
        var pod = await gate.Cluster.GetAsync(DrainNodeTests.Pods with { Namespace = "demo", Name = guarded["metadata"]!["name"]!.GetValue<string>() }, ct);
        pod!["metadata"]!["uid"]!.GetValue<string>().Should().Be(guarded["metadata"]!["uid"]!.GetValue<string>(), "the budget kept the pod");
        pod["metadata"]!["deletionTimestamp"].Should().BeNull();
    }
}
