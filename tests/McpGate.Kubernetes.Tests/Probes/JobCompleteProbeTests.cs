using System.Text.Json.Nodes;
using McpGate.Core.Cluster;
using McpGate.Testing.Sandbox;

namespace McpGate.Kubernetes.Tests.Probes;

/// <summary><c>job_complete</c> on jobs the sandbox's job controller and kubelet run.</summary>
public sealed class JobCompleteProbeTests(ManualClockSandboxFixture sandbox) : ProbeSandboxTest(sandbox)
{
    private static readonly ResourceRef s_jobs = new() { Group = "batch", Version = "v1", Resource = "jobs", Namespace = "demo" };

    [Fact]
    public async Task Probe_JobThatSucceeds_ProgressesThenDone()
    {
        var target = await CreateJobAsync("busybox:1.36", "Never", backoffLimit: 1, completions: 2);

        var looks = await LookUntilSettledAsync(Context(target, "job_complete"));

        looks[0].Status.Should().Be(ProbeStatus.Progressing);
        looks[0].Detail.Should().StartWith("job running: 0/2 succeeded");
        var done = looks[^1];
        done.Status.Should().Be(ProbeStatus.Done, done.Detail);
        done.Detail.Should().Be("job complete: 2/2 succeeded");
        Fact(done, "succeeded").Should().Be("2");
        Fact(done, "completionTime").Should().NotBe("unknown");
    }

    [Theory]
    [InlineData("Never", 1, "failedPods", "(Error, exit code 1)")]
    [InlineData("OnFailure", 3, "crashLoopBackOff", "/app (restarts ")]
    public async Task Probe_JobPastItsBackoffLimit_FailsWithTheReasonAndThePods(string restartPolicy, int backoffLimit, string fact, string shown)
    {
        var target = await CreateJobAsync("busybox:crashloop", restartPolicy, backoffLimit, completions: 1);

        var looks = await LookUntilSettledAsync(Context(target, "job_complete"));

        var failed = looks[^1];
        failed.Status.Should().Be(ProbeStatus.Failed, failed.Detail);
        failed.Detail.Should().Be("job failed: BackoffLimitExceeded (Job has reached the specified backoff limit)");
        Fact(failed, "condition").Should().Be("Failed BackoffLimitExceeded: Job has reached the specified backoff limit");
        Fact(failed, "warningEvents").Should().Contain("Job/" + target.Name + " BackoffLimitExceeded");
        looks.Should().Contain(l => l.Evidence.Any(f => f.Name == fact && f.Value.Contains(shown, StringComparison.Ordinal)),
            "the pods' failures are evidence while the job runs");
    }

    [Fact]
    public async Task Probe_SuspendedJob_ProgressingSayingSo()
    {
        var target = await CreateJobAsync("busybox:1.36", "Never", backoffLimit: 1, completions: 1, suspend: true);

        var result = await LookAsync(Context(target, "job_complete"));

        result.Status.Should().Be(ProbeStatus.Progressing);
        result.Detail.Should().Be("job is suspended: it runs no pods until resumed");
    }

    [Fact]
    public async Task Probe_NotAJob_Fails()
    {
        var result = await LookAsync(Context(Apps("deployments", "web"), "job_complete"));

        result.Status.Should().Be(ProbeStatus.Failed);
        result.Detail.Should().Be("job_complete judges batch jobs, not apps/v1 deployments");
    }

    private async Task<ResourceRef> CreateJobAsync(string image, string restartPolicy, int backoffLimit, int completions, bool suspend = false)
    {
        var name = UniqueName("job");
        await Client.CreateAsync(s_jobs, new JsonObject
        {
            ["apiVersion"] = "batch/v1",
            ["kind"] = "Job",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "demo" },
            ["spec"] = new JsonObject
            {
                ["backoffLimit"] = backoffLimit,
                ["completions"] = completions,
                ["suspend"] = suspend,
                ["template"] = new JsonObject
                {
                    ["spec"] = new JsonObject
                    {
                        ["restartPolicy"] = restartPolicy,
                        ["containers"] = new JsonArray(new JsonObject { ["name"] = "app", ["image"] = image }),
                    },
                },
            },
        }, cancellationToken: Ct);
        return s_jobs.WithName(name);
    }
}
