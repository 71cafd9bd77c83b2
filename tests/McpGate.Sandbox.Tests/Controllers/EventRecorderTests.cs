using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using McpGate.Testing.Sandbox;

namespace McpGate.Sandbox.Tests.Controllers;

/// <summary>
/// Warnings are recorded once per object, reason and message, and repeats bump count and
/// lastTimestamp as the event recorder does; on a manual clock so every repeat is exact.
/// </summary>
public sealed class EventRecorderTests : ManualClockSandboxTest
{
    private const string Pods = "/api/v1/namespaces/demo/pods";

    public EventRecorderTests(ManualClockSandboxFixture fixture)
        : base(fixture)
    {
    }

    [Fact]
    public async Task BackOff_CrashLoopingContainer_OneEventWhoseCountClimbs()
    {
        var pod = await CreatePodAsync("events-crash", "ghcr.io/example/worker:crashloop", nodeSelector: null);
        await Fixture.AdvanceAsync(ManualClockSandboxFixture.PodReadyDelay, Ct);
        var first = Fixture.Clock.GetUtcNow();
        await Fixture.AdvanceAsync(TimeSpan.FromSeconds(2), Ct);
        await Fixture.AdvanceAsync(TimeSpan.FromSeconds(4), Ct);

        var backOff = (await EventsAsync("events-crash", "BackOff")).Should().ContainSingle().Subject;

        backOff["type"]!.GetValue<string>().Should().Be("Warning");
        backOff["count"]!.GetValue<long>().Should().Be(3, "the container crashed three times");
        Time(backOff, "firstTimestamp").Should().Be(first);
        Time(backOff, "lastTimestamp").Should().Be(Fixture.Clock.GetUtcNow());
        AssertInvolves(backOff, pod, "spec.containers{app}");
        backOff["source"]!["component"]!.GetValue<string>().Should().Be("kubelet");
    }

    [Fact]
    public async Task Failed_ImageThatCannotBePulled_PullErrorCountedOnEachRetry()
    {
        var pod = await CreatePodAsync("events-pull", "invalid.example/app:1", nodeSelector: null);
        await Fixture.AdvanceAsync(ManualClockSandboxFixture.PodReadyDelay, Ct);
        var first = Fixture.Clock.GetUtcNow();
        await Fixture.AdvanceAsync(ManualClockSandboxFixture.PodReadyDelay, Ct);
        await Fixture.AdvanceAsync(TimeSpan.FromSeconds(8), Ct);

        var failed = await EventsAsync("events-pull", "Failed");
        var pull = failed.Should().ContainSingle(e => ((string)e["message"]!).StartsWith("Failed to pull image \"invalid.example/app:1\"", StringComparison.Ordinal)).Subject;
        var backOff = failed.Should().ContainSingle(e => (string)e["message"]! == "Error: ImagePullBackOff").Subject;

        pull["count"]!.GetValue<long>().Should().Be(2);
        pull["message"]!.GetValue<string>().Should().Contain("dial tcp: lookup invalid.example: no such host");
        Time(pull, "firstTimestamp").Should().Be(first);
        Time(pull, "lastTimestamp").Should().Be(Fixture.Clock.GetUtcNow());
        backOff["count"]!.GetValue<long>().Should().Be(1);
        AssertInvolves(pull, pod, "spec.containers{app}");
    }

    [Fact]
    public async Task FailedScheduling_NoNodeMatches_PendingWithTheReasonAndRepeatsCounted()
    {
        var pod = await CreatePodAsync("events-unschedulable", "nginx:1.27", new JsonObject { ["disktype"] = "ssd" });
        await Fixture.WaitForIdleAsync(Ct);
        var first = Fixture.Clock.GetUtcNow();
        await Fixture.AdvanceAsync(TimeSpan.FromSeconds(8), Ct);
        await Fixture.AdvanceAsync(TimeSpan.FromSeconds(8), Ct);

        var scheduling = (await EventsAsync("events-unschedulable", "FailedScheduling")).Should().ContainSingle().Subject;
        var status = (await SandboxApi.GetAsync(Client, $"{Pods}/events-unschedulable", Ct))["status"]!;

        const string Message = "0/2 nodes are available: 2 node(s) didn't match Pod's node affinity/selector. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.";
        scheduling["message"]!.GetValue<string>().Should().Be(Message);
        scheduling["type"]!.GetValue<string>().Should().Be("Warning");
        scheduling["count"]!.GetValue<long>().Should().Be(3);
        Time(scheduling, "firstTimestamp").Should().Be(first);
        Time(scheduling, "lastTimestamp").Should().Be(Fixture.Clock.GetUtcNow());
        scheduling["source"]!["component"]!.GetValue<string>().Should().Be("default-scheduler");
        AssertInvolves(scheduling, pod, fieldPath: null);
        status["phase"]!.GetValue<string>().Should().Be("Pending");
        var condition = status["conditions"]!.AsArray().Single(c => (string)c!["type"]! == "PodScheduled")!;
        condition["reason"]!.GetValue<string>().Should().Be("Unschedulable");
        condition["message"]!.GetValue<string>().Should().Be(Message);
    }

    [Fact]
    public async Task FailedScheduling_NodeLabelledLater_PodIsScheduledAtOnce()
    {
        await CreatePodAsync("events-late-node", "nginx:1.27", new JsonObject { ["zone"] = "late" });
        await Fixture.WaitForIdleAsync(Ct);

        var (patched, body) = await SandboxApi.MergePatchAsync(Client, "/api/v1/nodes/sandbox-worker-2",
            new JsonObject { ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["zone"] = "late" } } }, Ct);
        await Fixture.WaitForIdleAsync(Ct);
        var pod = await SandboxApi.GetAsync(Client, $"{Pods}/events-late-node", Ct);

        patched.Should().Be(HttpStatusCode.OK, body.ToJsonString());
        pod["spec"]!["nodeName"]!.GetValue<string>().Should().Be("sandbox-worker-2", "the scheduler retries on cluster changes, not only on its back-off");
        (await EventsAsync("events-late-node", "Scheduled")).Should().ContainSingle();
    }

    private async Task<JsonObject> CreatePodAsync(string name, string image, JsonObject? nodeSelector)
    {
        var pod = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject { ["name"] = name },
            ["spec"] = new JsonObject { ["nodeSelector"] = nodeSelector, ["containers"] = new JsonArray(new JsonObject { ["name"] = "app", ["image"] = image }) },
        };
        var (status, body) = await SandboxApi.SendAsync(Client, HttpMethod.Post, Pods, pod, cancellationToken: Ct);
        status.Should().Be(HttpStatusCode.Created, body.ToJsonString());
        return body;
    }

    private async Task<List<JsonObject>> EventsAsync(string pod, string reason)
    {
        var selector = Uri.EscapeDataString($"involvedObject.name={pod},reason={reason}");
        var list = await SandboxApi.GetAsync(Client, $"/api/v1/namespaces/demo/events?fieldSelector={selector}", Ct);
        return list["items"]!.AsArray().Select(e => e!.AsObject()).ToList();
    }

    private static void AssertInvolves(JsonObject ev, JsonObject pod, string? fieldPath)
    {
        var involved = ev["involvedObject"]!;
        involved["kind"]!.GetValue<string>().Should().Be("Pod");
        involved["apiVersion"]!.GetValue<string>().Should().Be("v1");
        involved["namespace"]!.GetValue<string>().Should().Be("demo");
        involved["name"]!.GetValue<string>().Should().Be((string)pod["metadata"]!["name"]!);
        involved["uid"]!.GetValue<string>().Should().Be((string)pod["metadata"]!["uid"]!);
        ((string?)involved["fieldPath"]).Should().Be(fieldPath);
    }

    private static DateTimeOffset Time(JsonObject ev, string field) =>
        DateTimeOffset.Parse((string)ev[field]!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);
}
