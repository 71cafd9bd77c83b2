using McpGate.Core.Cluster;
using McpGate.Kubernetes.Api;
using McpGate.Kubernetes.Probes;
using McpGate.Kubernetes.Tests.Support;

namespace McpGate.Kubernetes.Tests.Api;

/// <summary>Pod logs, status and pod readiness against the sandbox's simulated kubelet.</summary>
public sealed class SubresourcesSandboxTests : SandboxClientTest, IClassFixture<KubeSandboxFixture>
{
    private static readonly ResourceRef s_pods = new() { Group = string.Empty, Version = "v1", Resource = "pods", Namespace = "demo" };

    public SubresourcesSandboxTests(KubeSandboxFixture sandbox)
        : base(sandbox)
    {
    }

    [Fact]
    public async Task SeededPods_AreReadyAndHaveLogs()
    {
        var pods = new List<System.Text.Json.Nodes.JsonObject>();
        await foreach (var pod in Client.ListAllAsync(s_pods, new KubeListOptions { LabelSelector = "app=web" }, Ct))
        {
            pods.Add(pod);
        }

        pods.Should().NotBeEmpty();
        pods.Select(p => PodReadiness.Judge(p).Status).Should().OnlyContain(s => s == ProbeStatus.Done);
        var name = pods[0]["metadata"]!["name"]!.GetValue<string>();

        var log = await Client.GetLogAsync(s_pods.WithName(name), tailLines: 5, cancellationToken: Ct);
        var status = await Client.GetStatusAsync(s_pods.WithName(name), Ct);

        log.Should().NotBeNullOrWhiteSpace();
        log.TrimEnd('\n').Split('\n').Length.Should().BeLessThanOrEqualTo(5);
        status["status"]!["phase"]!.GetValue<string>().Should().Be("Running");
    }

    [Fact]
    public void PodReadiness_CrashLoop_FailsNamingContainer()
    {
        var pod = System.Text.Json.Nodes.JsonNode.Parse("""
            {"metadata":{"name":"p"},"status":{"phase":"Running","containerStatuses":[{"name":"app","state":{"waiting":{"reason":"CrashLoopBackOff"}}}]}}
            """)!.AsObject();

        PodReadiness.Judge(pod).Should().Match<ProbeResult>(r => r.Status == ProbeStatus.Failed && r.Detail.Contains("container app is waiting with CrashLoopBackOff"));
    }
}
