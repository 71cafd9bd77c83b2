using System.Net;
using System.Text.Json.Nodes;
using McpGate.Testing.Sandbox;

namespace McpGate.Sandbox.Tests.Controllers;

/// <summary>
/// The states verification probes read, as a real cluster shows them: a restartPolicy Never pod
/// fails with its container; a cordoned node carries the unschedulable taint. On a manual clock, so each state is observed exactly.
/// </summary>
public sealed class VerificationStatesTests : ManualClockSandboxTest
{
    public VerificationStatesTests(ManualClockSandboxFixture fixture)
        : base(fixture)
    {
    }

    [Fact]
    public async Task Kubelet_CrashingContainerOfANeverRestartedPod_FailsThePod()
    {
        var pod = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject { ["name"] = "once" },
            ["spec"] = new JsonObject { ["restartPolicy"] = "Never", ["containers"] = new JsonArray(new JsonObject { ["name"] = "app", ["image"] = "busybox:crashloop" }) },
        };
        (await SandboxApi.SendAsync(Client, HttpMethod.Post, "/api/v1/namespaces/demo/pods", pod, cancellationToken: Ct)).Status.Should().Be(HttpStatusCode.Created);

        await Fixture.AdvanceAsync(ManualClockSandboxFixture.PodReadyDelay, Ct);
        await Fixture.AdvanceAsync(ManualClockSandboxFixture.PodReadyDelay * 10, Ct);
        var failed = await SandboxApi.GetAsync(Client, "/api/v1/namespaces/demo/pods/once", Ct);

        failed["status"]!["phase"]!.GetValue<string>().Should().Be("Failed");
        var container = failed["status"]!["containerStatuses"]![0]!;
        container["state"]!["terminated"]!["exitCode"]!.GetValue<int>().Should().Be(1);
        container["state"]!["terminated"]!["reason"]!.GetValue<string>().Should().Be("Error");
        container["restartCount"]!.GetValue<long>().Should().Be(0, "a Never pod is not restarted");
    }

    [Fact]
    public async Task NodeLifecycle_CordonAndUncordon_AddsAndRemovesTheUnschedulableTaint()
    {
        const string Node = "/api/v1/nodes/sandbox-worker-2";
        await SandboxApi.MergePatchAsync(Client, Node, new JsonObject { ["spec"] = new JsonObject { ["unschedulable"] = true } }, Ct);
        await Fixture.WaitForIdleAsync(Ct);
        var cordoned = await SandboxApi.GetAsync(Client, Node, Ct);
        await SandboxApi.MergePatchAsync(Client, Node, new JsonObject { ["spec"] = new JsonObject { ["unschedulable"] = null } }, Ct);
        await Fixture.WaitForIdleAsync(Ct);
        var uncordoned = await SandboxApi.GetAsync(Client, Node, Ct);

        var taint = cordoned["spec"]!["taints"]!.AsArray().Should().ContainSingle().Subject!;
        taint["key"]!.GetValue<string>().Should().Be("node.kubernetes.io/unschedulable");
        taint["effect"]!.GetValue<string>().Should().Be("NoSchedule");
        uncordoned["spec"]!["taints"].Should().BeNull();
    }
}
