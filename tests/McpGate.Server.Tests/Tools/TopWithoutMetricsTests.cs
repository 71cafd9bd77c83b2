using System.Text.Json.Nodes;
using McpGate.Core.Cluster;
using McpGate.Testing.Mcp;

namespace McpGate.Server.Tests.Tools;

/// <summary>nodes_top and pods_top on a cluster that does not serve metrics.k8s.io (metrics-server switched off in the sandbox).</summary>
public sealed class TopWithoutMetricsTests
{
    private const string NotServed = "metrics.k8s.io is not served on cluster sandbox; install metrics-server to see CPU and memory use";

    private static readonly (string Tool, Dictionary<string, object?> Arguments)[] s_calls =
    [
        ("nodes_top", new()),
        ("nodes_top", new() { ["name"] = "sandbox-worker-1" }),
        ("nodes_top", new() { ["name"] = "no-such-node" }),
        ("nodes_top", new() { ["label_selector"] = "kubernetes.io/os=linux" }),
        ("pods_top", new()),
        ("pods_top", new() { ["namespace"] = "demo" }),
        ("pods_top", new() { ["namespace"] = "demo", ["label_selector"] = "app=web" }),
        ("pods_top", new() { ["namespace"] = "nowhere" }),
        ("pods_top", new() { ["namespace"] = "demo", ["name"] = "web-anything" }),
    ];

    [Fact]
    public async Task Top_MetricsNotServed_SaysSoAndHowToGetThem()
    {
        await using var gate = await InMemoryGate.StartAsync();
        await SwitchMetricsAsync(gate, served: false);

        foreach (var (tool, arguments) in s_calls)
        {
            var result = await gate.Client.CallToolAsync(tool, arguments);

            var text = McpGateClient.TextOf(result);
            result.IsError.Should().BeTrue($"{tool} {string.Join(",", arguments.Keys)}: {text}");
            text.Should().StartWith(NotServed, $"{tool} {string.Join(",", arguments.Keys)}")
                .And.NotContain("Exception").And.NotContain(" at ").And.NotContain("cluster read failed");
        }
    }

    [Fact]
    public async Task Top_MetricsSwitchedOffThenOn_AnswersAgain()
    {
        await using var gate = await InMemoryGate.StartAsync();
        await gate.Harness.Sandbox.WaitForSettledAsync(TimeSpan.FromSeconds(30));
        await SwitchMetricsAsync(gate, served: false);
        var off = await gate.Client.CallToolAsync("pods_top", new Dictionary<string, object?> { ["namespace"] = "demo" });

        await SwitchMetricsAsync(gate, served: true);
        var on = await gate.Client.CallOkAsync("pods_top", new() { ["namespace"] = "demo" });

        McpGateClient.TextOf(off).Should().StartWith(NotServed);
        on.GetProperty("count").GetInt32().Should().Be(5, "demo runs web (2) and api (3)");
    }

    [Fact]
    public async Task NodesList_MetricsNotServed_StillAnswers()
    {
        await using var gate = await InMemoryGate.StartAsync();
        await SwitchMetricsAsync(gate, served: false);

        var nodes = await gate.Client.CallOkAsync("nodes_list", new());

        nodes.GetProperty("count").GetInt32().Should().Be(2);
    }

    /// <summary>The sandbox's switch: kube-system annotated <c>sandbox.mcpgate.dev/metrics-server: disabled</c> is a cluster without metrics-server.</summary>
    private static Task<JsonObject> SwitchMetricsAsync(InMemoryGate gate, bool served) =>
        gate.Harness.Cluster.PatchAsync(
            new ResourceRef { Group = string.Empty, Version = "v1", Resource = "namespaces", Name = "kube-system" },
            new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { ["sandbox.mcpgate.dev/metrics-server"] = served ? "enabled" : "disabled" } } },
            null,
            dryRun: false);
}
