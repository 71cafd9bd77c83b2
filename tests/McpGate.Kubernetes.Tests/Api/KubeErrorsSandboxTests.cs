using System.Text.Json.Nodes;
using McpGate.Kubernetes.Api;
using McpGate.Kubernetes.Tests.Support;

namespace McpGate.Kubernetes.Tests.Api;

/// <summary>v1.Status answers of the sandbox mapped to reasons, with messages that say verb, object, cluster and what to do.</summary>
public sealed class KubeErrorsSandboxTests : SandboxClientTest, IClassFixture<KubeSandboxFixture>
{
    public KubeErrorsSandboxTests(KubeSandboxFixture sandbox)
        : base(sandbox)
    {
    }

    [Fact]
    public async Task CreateAsync_Existing_ThrowsAlreadyExists()
    {
        var act = () => Client.CreateAsync(TestDeployments.Collection, TestDeployments.Body("web", 1), cancellationToken: Ct);

        var error = (await act.Should().ThrowAsync<KubeApiException>()).Which;
        error.Reason.Should().Be(KubeApiReason.AlreadyExists);
        error.Message.Should().StartWith("POST /apis/apps/v1/namespaces/demo/deployments on cluster 'sandbox'").And.Contain("pick another name");
    }

    [Fact]
    public async Task PatchAsync_NegativeReplicas_ThrowsInvalidWithCauses()
    {
        var act = () => Client.PatchAsync(TestDeployments.Named("web"), new JsonObject { ["spec"] = new JsonObject { ["replicas"] = -1 } }, dryRun: true, cancellationToken: Ct);

        var error = (await act.Should().ThrowAsync<KubeApiException>()).Which;
        error.Reason.Should().Be(KubeApiReason.Invalid);
        error.Causes.Should().Contain(c => c.Field == "spec.replicas");
        error.Message.Should().Contain("Fix the request fields");
    }

    [Fact]
    public async Task PatchAsync_ReadOnlyUser_ThrowsForbiddenPointingAtClusterCheck()
    {
        using var viewer = Sandbox.Client(token: KubeSandboxFixture.ViewToken);

        var act = () => viewer.PatchScaleAsync(TestDeployments.Named("web"), 2, dryRun: true, Ct);

        var error = (await act.Should().ThrowAsync<KubeApiException>()).Which;
        error.Reason.Should().Be(KubeApiReason.Forbidden);
        error.Message.Should().Contain("PATCH /apis/apps/v1/namespaces/demo/deployments/web/scale").And.Contain("mcpgate cluster check");
    }

    [Fact]
    public async Task DryRunWrites_LeaveTheObjectUnchanged()
    {
        var target = await Sandbox.CreateDeploymentAsync(Client, "dry", Ct);
        await Sandbox.WaitForSettledAsync(Ct);
        var before = await Client.GetAsync(target, Ct);

        await Client.PatchScaleAsync(target, 5, dryRun: true, Ct);
        await Client.ReplaceAsync(target, TestDeployments.Body(target.Name!, 7), dryRun: true, Ct);
        await Client.DeleteAsync(target, new KubeDeleteOptions { DryRun = true, PropagationPolicy = KubePropagationPolicy.Background }, Ct);

        var after = await Client.GetAsync(target, Ct);
        TestDeployments.Replicas(after).Should().Be(1);
        TestDeployments.ResourceVersion(after).Should().Be(TestDeployments.ResourceVersion(before), "the controllers had settled, so only a persisted write could move it");
        after["metadata"]!["generation"]!.GetValue<long>().Should().Be(before["metadata"]!["generation"]!.GetValue<long>());
    }

    [Fact]
    public async Task ListAllAsync_Sandbox_StreamsEverySeededDeployment()
    {
        var names = new List<string>();
        await foreach (var item in Client.ListAllAsync(TestDeployments.Collection, new KubeListOptions { Limit = 1 }, Ct))
        {
            names.Add(item["metadata"]!["name"]!.GetValue<string>());
        }

        names.Should().Contain(["web", "api"]);
    }
}
