using System.Globalization;
using System.Text.Json.Nodes;
using McpGate.Core.Reads.Pods;

namespace McpGate.Core.Tests.Reads.Pods;

public sealed class PodHealthsTests
{
    private static readonly DateTimeOffset s_now = DateTimeOffset.Parse("2026-11-30T12:00:00Z", CultureInfo.InvariantCulture);

    private const string Running = """{"running":{"startedAt":"2026-11-30T11:00:00Z"}}""";

    /// <summary>Pod JSON, its STATUS text, READY, RESTARTS and the reason when not ready (null when healthy).</summary>
    public static TheoryData<string, string, string, long, string?> Cases => new()
    {
        { Pod("Running", """[{"name":"app","ready":true,"restartCount":0,"state":RUNNING}]""".Replace("RUNNING", Running, StringComparison.Ordinal), ready: "True"), "Running", "1/1", 0, null },
        { CrashLoop(), "CrashLoopBackOff", "0/1", 4, "CrashLoopBackOff" },
        { Pod("Pending", """[{"name":"app","ready":false,"restartCount":0,"state":{"waiting":{"reason":"ImagePullBackOff","message":"Back-off pulling image \"invalid.example/app:1\""}}}]""", scheduled: true), "ImagePullBackOff", "0/1", 0, "ImagePullBackOff" },
        { Pod("Pending", """[{"name":"app","ready":false,"restartCount":0,"state":{"waiting":{"reason":"ErrImagePull"}}}]""", scheduled: true), "ErrImagePull", "0/1", 0, "ErrImagePull" },
        { Pod("Pending", "[]", scheduled: false), "Pending", "0/1", 0, "Unschedulable" },
        { Pod("Pending", """[{"name":"app","ready":false,"restartCount":0,"state":{"waiting":{"reason":"ContainerCreating"}}}]""", scheduled: false), "Pending", "0/1", 0, "Unschedulable" },
        { Pod("Succeeded", """[{"name":"app","ready":false,"restartCount":0,"state":{"terminated":{"reason":"Completed","exitCode":0}}}]"""), "Completed", "0/1", 0, null },
        { Pod("Failed", """[{"name":"app","ready":false,"restartCount":0,"state":{"terminated":{"reason":"Error","exitCode":2}}}]"""), "Error", "0/1", 0, "Error" },
        { Pod("Running", """[{"name":"app","ready":false,"restartCount":1,"state":{"terminated":{"reason":"OOMKilled","exitCode":137}}}]"""), "OOMKilled", "0/1", 1, "OOMKilled" },
        { Pod("Failed", """[{"name":"app","ready":false,"restartCount":0,"state":{"terminated":{"exitCode":3}}}]"""), "ExitCode:3", "0/1", 0, "ExitCode:3" },
        { Pod("Failed", """[{"name":"app","ready":false,"restartCount":0,"state":{"terminated":{"exitCode":137,"signal":9}}}]"""), "Signal:9", "0/1", 0, "Signal:9" },
        { Pod("Running", """[{"name":"app","ready":true,"restartCount":0,"state":RUNNING}]""".Replace("RUNNING", Running, StringComparison.Ordinal), ready: "True", deleting: true), "Terminating", "1/1", 0, "Terminating" },
        { Pod("Running", """[{"name":"app","ready":false,"restartCount":0,"state":RUNNING}]""".Replace("RUNNING", Running, StringComparison.Ordinal), ready: "False"), "Running", "0/1", 0, "NotReady" },
        { Pod("Failed", "[]", podReason: "Evicted"), "Evicted", "0/1", 0, "Evicted" },
        {
            Pod("Pending", """[{"name":"app","ready":false,"restartCount":0,"state":{"waiting":{"reason":"PodInitializing"}}}]""", scheduled: true,
                init: """[{"name":"migrate","ready":false,"restartCount":0,"state":{"running":{}}},{"name":"seed","ready":false,"restartCount":0,"state":{"waiting":{"reason":"PodInitializing"}}}]"""),
            "Init:0/2", "0/1", 0, "PodInitializing"
        },
        {
            Pod("Pending", """[{"name":"app","ready":false,"restartCount":0,"state":{"waiting":{"reason":"PodInitializing"}}}]""", scheduled: true,
                init: """[{"name":"migrate","ready":false,"restartCount":3,"state":{"waiting":{"reason":"CrashLoopBackOff"}},"lastState":{"terminated":{"exitCode":1,"reason":"Error"}}}]"""),
            "Init:CrashLoopBackOff", "0/1", 3, "CrashLoopBackOff"
        },
        {
            Pod("Pending", "[]", scheduled: true, init: """[{"name":"migrate","ready":false,"restartCount":0,"state":{"terminated":{"exitCode":1,"reason":"Error"}}}]"""),
            "Init:Error", "0/1", 0, "Error"
        },
        {
            Pod("Running", """[{"name":"app","ready":true,"restartCount":0,"state":RUNNING},{"name":"side","ready":false,"restartCount":0,"state":{"terminated":{"reason":"Completed","exitCode":0}}}]""".Replace("RUNNING", Running, StringComparison.Ordinal), ready: "True", total: 2),
            "Running", "1/2", 0, "Completed"
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Of_ContainerStates_ReadAsKubectlDoes(string pod, string status, string ready, long restarts, string? reason)
    {
        var health = PodHealths.Of(JsonNode.Parse(pod)!.AsObject());

        health.Status.Should().Be(status);
        $"{health.ReadyContainers}/{health.TotalContainers}".Should().Be(ready);
        health.Restarts.Should().Be(restarts);
        health.Reason.Should().Be(reason);
        health.Healthy.Should().Be(reason is null);
    }

    [Fact]
    public void Of_Unschedulable_GivesTheSchedulersMessage()
    {
        var health = PodHealths.Of(JsonNode.Parse(Pod("Pending", "[]", scheduled: false))!.AsObject());

        health.Message.Should().Be("0/2 nodes are available: 2 node(s) didn't match Pod's node affinity/selector.");
    }

    [Fact]
    public void Of_CrashLoop_SaysTheLastTerminationAndWhen()
    {
        var health = PodHealths.Of(JsonNode.Parse(CrashLoop())!.AsObject());

        health.Message.Should().Be("container app: back-off 40s restarting failed container=app; last termination: Error (exit code 1)");
        PodHealths.RestartsText(health, s_now).Should().Be("4 (2m ago)");
    }

    [Fact]
    public void Of_WaitingMessageWithAToken_IsRedacted()
    {
        const string jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZ2VudCJ9.c2lnbmF0dXJlLXNpZ25hdHVyZQ";
        var pod = Pod("Pending", """[{"name":"app","ready":false,"restartCount":0,"state":{"waiting":{"reason":"CreateContainerConfigError","message":"bad header Authorization: Bearer JWT"}}}]""".Replace("JWT", jwt, StringComparison.Ordinal), scheduled: true);

        var health = PodHealths.Of(JsonNode.Parse(pod)!.AsObject());

        health.Reason.Should().Be("CreateContainerConfigError");
        health.Message.Should().Contain("<redacted token>").And.NotContain(jwt);
    }

    [Fact]
    public void Of_EmptyObject_IsPendingWithoutThrowing()
    {
        var health = PodHealths.Of(new JsonObject());

        health.Status.Should().Be("Pending");
        health.Healthy.Should().BeFalse();
        health.TotalContainers.Should().Be(0);
    }

    private static string CrashLoop() =>
        Pod("Running", """[{"name":"app","ready":false,"restartCount":4,"state":{"waiting":{"reason":"CrashLoopBackOff","message":"back-off 40s restarting failed container=app"}},"lastState":{"terminated":{"reason":"Error","exitCode":1,"finishedAt":"2026-11-30T11:58:00Z"}}}]""");

    private static string Pod(
        string phase, string statuses, string? ready = null, bool? scheduled = null, bool deleting = false,
        string? init = null, int total = 1, string? podReason = null)
    {
        var pod = new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "p", ["namespace"] = "ns" },
            ["spec"] = new JsonObject { ["containers"] = new JsonArray([.. Enumerable.Range(0, total).Select(i => (JsonNode)new JsonObject { ["name"] = i == 0 ? "app" : "side" })]) },
            ["status"] = new JsonObject { ["phase"] = phase, ["containerStatuses"] = JsonNode.Parse(statuses) },
        };
        var conditions = new JsonArray();
        if (ready is not null)
        {
            conditions.Add(new JsonObject { ["type"] = "Ready", ["status"] = ready, ["reason"] = ready == "True" ? null : "ContainersNotReady" });
        }

        if (scheduled is { } s)
        {
            conditions.Add(s
                ? new JsonObject { ["type"] = "PodScheduled", ["status"] = "True" }
                : new JsonObject { ["type"] = "PodScheduled", ["status"] = "False", ["reason"] = "Unschedulable", ["message"] = "0/2 nodes are available: 2 node(s) didn't match Pod's node affinity/selector." });
        }

        pod["status"]!["conditions"] = conditions;
        if (init is not null)
        {
            var statusesInit = JsonNode.Parse(init)!.AsArray();
            pod["spec"]!["initContainers"] = new JsonArray([.. statusesInit.Select(c => (JsonNode)new JsonObject { ["name"] = c!["name"]!.GetValue<string>() })]);
            pod["status"]!["initContainerStatuses"] = statusesInit;
        }

        if (deleting)
        {
            pod["metadata"]!["deletionTimestamp"] = "2026-11-30T11:59:00Z";
        }

        if (podReason is not null)
        {
            pod["status"]!["reason"] = podReason;
        }

        return pod.ToJsonString();
    }
}
