using System.Globalization;
using System.Text.Json.Nodes;
using FluentAssertions;
using McpGate.Core.Reads.Views;
using Xunit;

namespace McpGate.Core.Tests.Reads.Views;

public sealed class NodeViewTests
{
    private static readonly DateTimeOffset s_now = DateTimeOffset.Parse("2026-11-30T12:00:00Z", CultureInfo.InvariantCulture);

    public static TheoryData<string, string> Statuses => new()
    {
        { """{"status":{"conditions":[{"type":"Ready","status":"True"}]}}""", "Ready" },
        { """{"status":{"conditions":[{"type":"Ready","status":"False"}]}}""", "NotReady" },
        { """{"status":{"conditions":[{"type":"Ready","status":"Unknown"}]}}""", "Unknown" },
        { """{"status":{}}""", "Unknown" },
        { """{"spec":{"unschedulable":true},"status":{"conditions":[{"type":"Ready","status":"True"}]}}""", "Ready,SchedulingDisabled" },
        { """{"spec":{"unschedulable":true},"status":{"conditions":[{"type":"Ready","status":"False"}]}}""", "NotReady,SchedulingDisabled" },
    };

    [Theory]
    [MemberData(nameof(Statuses))]
    public void Status_Node_IsWhatKubectlPrints(string json, string expected) =>
        NodeView.Status(JsonNode.Parse(json)!.AsObject()).Should().Be(expected);

    [Fact]
    public void RowAndSummary_TroubledNode_ShowRolesAbnormalConditionsCapacityAndTaints()
    {
        var node = JsonNode.Parse("""
            {"metadata":{"name":"n1","creationTimestamp":"2026-11-27T12:00:00Z",
              "labels":{"node-role.kubernetes.io/worker":"","node-role.kubernetes.io/control-plane":"","kubernetes.io/os":"linux"}},
             "spec":{"unschedulable":true,"taints":[{"key":"node.kubernetes.io/unreachable","effect":"NoExecute","timeAdded":"2026-11-30T11:00:00Z"}]},
             "status":{"conditions":[
                {"type":"MemoryPressure","status":"False","reason":"KubeletHasSufficientMemory"},
                {"type":"DiskPressure","status":"True","reason":"KubeletHasDiskPressure","message":"ephemeral storage 95% used"},
                {"type":"Ready","status":"False","reason":"KubeletNotReady","message":"PLEG is not healthy"}],
              "capacity":{"cpu":"4","memory":"8Gi","pods":"110","ephemeral-storage":"100Gi"},
              "allocatable":{"cpu":"3900m","memory":"7Gi","pods":"110"},
              "nodeInfo":{"kubeletVersion":"v1.32.0"}}}
            """)!.AsObject();
        var view = new NodeView();

        view.Row(node, s_now).Should().Equal("n1", "NotReady,SchedulingDisabled", "control-plane,worker", "3d", "v1.32.0");
        var summary = view.Summary(node, s_now);
        summary["unschedulable"]!.GetValue<bool>().Should().BeTrue();
        summary["conditions"]!.AsArray().Select(c => c!["type"]!.GetValue<string>()).Should().Equal("DiskPressure", "Ready");
        summary["conditions"]![1]!["message"]!.GetValue<string>().Should().Be("PLEG is not healthy");
        summary["capacity"]!.ToJsonString().Should().Be("""{"cpu":"4","memory":"8Gi","pods":"110"}""");
        summary["allocatable"]!["cpu"]!.GetValue<string>().Should().Be("3900m");
        summary["taints"]![0]!.ToJsonString().Should().Be("""{"key":"node.kubernetes.io/unreachable","value":null,"effect":"NoExecute"}""");
        view.Detail(node, s_now)["conditions"]!.AsArray().Should().HaveCount(3);
    }

    [Fact]
    public void Summary_HealthyNodeWithoutRoles_HasNoConditionsAndNoRoles()
    {
        var node = JsonNode.Parse("""{"metadata":{"name":"n2"},"status":{"conditions":[{"type":"Ready","status":"True"},{"type":"PIDPressure","status":"False"}]}}""")!.AsObject();
        var view = new NodeView();

        view.Row(node, s_now)[2].Should().Be("<none>");
        view.Summary(node, s_now)["conditions"]!.AsArray().Should().BeEmpty();
    }
}
