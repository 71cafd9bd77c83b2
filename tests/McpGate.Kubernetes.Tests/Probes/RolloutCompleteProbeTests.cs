using System.Text.Json.Nodes;
using McpGate.Core.Cluster;
using McpGate.Kubernetes.Api;
using McpGate.Testing.Sandbox;

namespace McpGate.Kubernetes.Tests.Probes;

/// <summary><c>rollout_complete</c> on deployments, statefulsets and daemonsets of a real sandbox.</summary>
public sealed class RolloutCompleteProbeTests(ManualClockSandboxFixture sandbox) : ProbeSandboxTest(sandbox)
{
    private const string Expect = "rollout_complete";

    [Fact]
    public async Task Probe_DeploymentNewImage_ProgressesThenDoneWithCounts()
    {
        var target = await CreateSettledAsync("deployments", Workload("Deployment", UniqueName("roll"), "nginx:1.27", replicas: 2));
        var patch = ImagePatch("nginx:1.28");
        await Client.PatchAsync(target, patch, cancellationToken: Ct);

        var looks = await LookUntilSettledAsync(Context(target, Expect, patch));

        looks[0].Status.Should().Be(ProbeStatus.Progressing, "the new pods start only when the clock moves");
        looks[0].Confidence.Should().Be(ProbeConfidence.Low);
        var done = looks[^1];
        done.Status.Should().Be(ProbeStatus.Done, done.Detail);
        done.Confidence.Should().Be(ProbeConfidence.High);
        done.Detail.Should().StartWith("rollout complete: 2/2 ready, 2 updated, 2 available");
        Fact(done, "desiredReplicas").Should().Be("2");
        Fact(done, "updatedReplicas").Should().Be("2");
        Fact(done, "availableReplicas").Should().Be("2");
        Fact(done, "replicas").Should().Be("2", "no old replica is left");
        Fact(done, "observedGeneration").Should().Be(Fact(done, "generation"));
        Fact(done, "newPods").Should().Be("2");
        Fact(done, "restarts").Should().Be("0");
    }

    [Theory]
    [InlineData("nginx:crashloop", "CrashLoopBackOff after 3 restarts", "crashLoopBackOff", "BackOff: Back-off restarting failed container app")]
    [InlineData("invalid.example/app:1", "cannot get its image (ImagePullBackOff", "imagePullFailures", "Failed: Error: ImagePullBackOff")]
    public async Task Probe_DeploymentImageThatCannotRun_FailsWithThePodsAndEvents(string image, string why, string fact, string warning)
    {
        var target = await CreateSettledAsync("deployments", Workload("Deployment", UniqueName("bad"), "nginx:1.27"));
        try
        {
            await Client.PatchAsync(target, ImagePatch(image), cancellationToken: Ct);

            var looks = await LookUntilSettledAsync(Context(target, Expect, ImagePatch(image)));

            var failed = looks[^1];
            failed.Status.Should().Be(ProbeStatus.Failed, failed.Detail);
            failed.Confidence.Should().Be(ProbeConfidence.High);
            failed.Detail.Should().Contain(why);
            Fact(failed, fact).Should().Contain($"{target.Name}-").And.Contain("/app");
            Fact(failed, "warningEvents").Should().Contain(warning);
            Fact(failed, "updatedReplicas").Should().Be("1");
            Fact(failed, "availableReplicas").Should().Be("1", "the old pod keeps serving while the new one fails");
            looks[0].Status.Should().Be(ProbeStatus.Progressing, "the new pod has not started before the clock moves");
            looks.SkipLast(1).Should().OnlyContain(l => l.Status == ProbeStatus.Progressing);
        }
        finally
        {
            await DeleteAsync(target);
        }
    }

    [Fact]
    public async Task Probe_DeploymentPastItsProgressDeadline_FailsNamingTheDeadline()
    {
        var body = Workload("Deployment", UniqueName("stuck"), "nginx:1.27", extraSpec: new JsonObject { ["progressDeadlineSeconds"] = 1 });
        var target = await CreateSettledAsync("deployments", body);
        try
        {
            // Pods that no node accepts stay Pending: no crash, no pull error, just no progress.
            var patch = new JsonObject { ["spec"] = new JsonObject { ["template"] = new JsonObject { ["spec"] = new JsonObject { ["nodeSelector"] = new JsonObject { ["pool"] = "none" } } } } };
            await Client.PatchAsync(target, patch, cancellationToken: Ct);

            var looks = await LookUntilSettledAsync(Context(target, Expect, patch));

            var failed = looks[^1];
            failed.Status.Should().Be(ProbeStatus.Failed, failed.Detail);
            failed.Detail.Should().StartWith("rollout exceeded its progress deadline");
            Fact(failed, "progressing").Should().StartWith("False ProgressDeadlineExceeded: ReplicaSet \"").And.EndWith("\" has timed out progressing.");
            Fact(failed, "warningEvents").Should().Contain("FailedScheduling");
        }
        finally
        {
            await DeleteAsync(target);
        }
    }

    [Fact]
    public async Task Probe_StatefulSetNewImage_DoneWhenCurrentRevisionCatchesUp()
    {
        var target = await CreateSettledAsync("statefulsets", Workload("StatefulSet", UniqueName("sts"), "nginx:1.27", replicas: 2));
        await Client.PatchAsync(target, ImagePatch("nginx:1.28"), cancellationToken: Ct);

        var looks = await LookUntilSettledAsync(Context(target, Expect, ImagePatch("nginx:1.28")));

        looks[0].Status.Should().Be(ProbeStatus.Progressing);
        var done = looks[^1];
        done.Status.Should().Be(ProbeStatus.Done, done.Detail);
        done.Confidence.Should().Be(ProbeConfidence.High);
        Fact(done, "currentRevision").Should().Be(Fact(done, "updateRevision"));
        Fact(done, "updatedReplicas").Should().Be("2");
        Fact(done, "newPods").Should().Be("2");
        looks.Should().Contain(l => l.Status == ProbeStatus.Progressing && l.Evidence.Any(f => f.Name == "currentRevision")
            && Fact(l, "currentRevision") != Fact(l, "updateRevision"), "the old revision was current until every pod was replaced");
    }

    [Fact]
    public async Task Probe_StatefulSetWithPartition_DoneWhenTheOrdinalsAboveItAreUpdated_MediumConfidence()
    {
        var strategy = new JsonObject { ["updateStrategy"] = new JsonObject { ["type"] = "RollingUpdate", ["rollingUpdate"] = new JsonObject { ["partition"] = 2 } } };
        var target = await CreateSettledAsync("statefulsets", Workload("StatefulSet", UniqueName("part"), "nginx:1.27", replicas: 3, extraSpec: strategy));
        await Client.PatchAsync(target, ImagePatch("nginx:1.28"), cancellationToken: Ct);

        var done = (await LookUntilSettledAsync(Context(target, Expect, ImagePatch("nginx:1.28"))))[^1];

        done.Status.Should().Be(ProbeStatus.Done, done.Detail);
        done.Confidence.Should().Be(ProbeConfidence.Medium, "ordinals below the partition stay on the old template by design");
        done.Detail.Should().StartWith("partitioned rollout complete: 1 pods at revision");
        Fact(done, "partition").Should().Be("2");
        Fact(done, "currentRevision").Should().NotBe(Fact(done, "updateRevision"));
        var pods = await Client.ListAsync(new ResourceRef { Group = string.Empty, Version = "v1", Resource = "pods", Namespace = "demo" },
            new KubeListOptions { LabelSelector = $"app={target.Name}" }, Ct);
        pods["items"]!.AsArray().Select(p => p!["spec"]!["containers"]![0]!["image"]!.GetValue<string>()).Order()
            .Should().Equal("nginx:1.27", "nginx:1.27", "nginx:1.28");
    }

    [Fact]
    public async Task Probe_DaemonSetNewImage_ProgressesThenDoneOnEveryNode()
    {
        var target = await CreateSettledAsync("daemonsets", Workload("DaemonSet", UniqueName("ds"), "nginx:1.27", replicas: null));
        await Client.PatchAsync(target, ImagePatch("nginx:1.28"), cancellationToken: Ct);

        var looks = await LookUntilSettledAsync(Context(target, Expect, ImagePatch("nginx:1.28")));

        looks[0].Status.Should().Be(ProbeStatus.Progressing);
        var done = looks[^1];
        done.Status.Should().Be(ProbeStatus.Done, done.Detail);
        Fact(done, "desiredNumberScheduled").Should().Be("2", "the sandbox has two worker nodes");
        Fact(done, "updatedNumberScheduled").Should().Be("2");
        Fact(done, "numberAvailable").Should().Be("2");
        Fact(done, "newPods").Should().Be("2");
    }

    [Fact]
    public async Task Probe_DaemonSetCrashLoopingImage_Fails()
    {
        var target = await CreateSettledAsync("daemonsets", Workload("DaemonSet", UniqueName("dsbad"), "nginx:1.27", replicas: null));
        try
        {
            await Client.PatchAsync(target, ImagePatch("nginx:crashloop"), cancellationToken: Ct);

            var failed = (await LookUntilSettledAsync(Context(target, Expect, ImagePatch("nginx:crashloop"))))[^1];

            failed.Status.Should().Be(ProbeStatus.Failed, failed.Detail);
            failed.Detail.Should().Contain("CrashLoopBackOff after 3 restarts");
            Fact(failed, "crashLoopBackOff").Should().Contain("/app (restarts ");
        }
        finally
        {
            await DeleteAsync(target);
        }
    }

    [Fact]
    public async Task Probe_WorkloadDeleted_Fails()
    {
        var target = await CreateSettledAsync("deployments", Workload("Deployment", UniqueName("gone"), "nginx:1.27"));
        await DeleteAsync(target);

        var result = await LookAsync(Context(target, Expect));

        result.Status.Should().Be(ProbeStatus.Failed);
        result.Detail.Should().Be($"deployments demo/{target.Name} no longer exists");
    }

    [Theory]
    [InlineData("", "v1", "configmaps")]
    [InlineData("batch", "v1", "jobs")]
    [InlineData("extensions", "v1beta1", "deployments")]
    public async Task Probe_ResourceWithoutRollout_FailsNamingWhatItJudges(string group, string version, string resource)
    {
        var target = new ResourceRef { Group = group, Version = version, Resource = resource, Namespace = "demo", Name = "web" };

        var result = await LookAsync(Context(target, Expect));

        result.Status.Should().Be(ProbeStatus.Failed);
        result.Detail.Should().StartWith("rollout_complete judges apps deployments, statefulsets and daemonsets, not");
    }
}
