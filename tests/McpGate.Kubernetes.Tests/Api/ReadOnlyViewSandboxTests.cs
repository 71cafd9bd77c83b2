using System.Text.Json.Nodes;
using McpGate.Core.Cluster;
using McpGate.Kubernetes.Api;
using McpGate.Kubernetes.Tests.Support;

namespace McpGate.Kubernetes.Tests.Api;

/// <summary>
/// The client read tools use refuses every method but GET before sending: whatever calls it, the
/// cluster receives nothing that writes and its objects stay as they were.
/// </summary>
public sealed class ReadOnlyViewSandboxTests : SandboxClientTest, IClassFixture<KubeSandboxFixture>
{
    private static readonly ResourceRef s_web = new() { Group = "apps", Version = "v1", Resource = "deployments", Namespace = "demo", Name = "web" };
    private static readonly ResourceRef s_configMaps = new() { Group = string.Empty, Version = "v1", Resource = "configmaps", Namespace = "demo" };

    public ReadOnlyViewSandboxTests(KubeSandboxFixture sandbox)
        : base(sandbox)
    {
    }

    public static TheoryData<string> Writes => new() { "create", "patch", "merge", "replace", "delete", "scale", "apply", "evict", "status" };

    [Theory]
    [MemberData(nameof(Writes))]
    public async Task ReadOnlyView_EveryWriteVerb_RefusedBeforeSendingAndNothingChanges(string verb)
    {
        using var view = Client.ReadOnlyView();
        var before = await Client.GetAsync(s_web, Ct);
        var writesBefore = WriteRequests();

        var act = verb switch
        {
            "create" => () => view.CreateAsync(s_configMaps, new JsonObject { ["apiVersion"] = "v1", ["kind"] = "ConfigMap", ["metadata"] = new JsonObject { ["name"] = "sneaky" } }, cancellationToken: Ct),
            "patch" => () => view.PatchAsync(s_web, new JsonObject { ["spec"] = new JsonObject { ["replicas"] = 9 } }, KubePatchType.StrategicMerge, cancellationToken: Ct),
            "merge" => () => view.PatchAsync(s_web, new JsonObject { ["spec"] = new JsonObject { ["replicas"] = 9 } }, KubePatchType.Merge, cancellationToken: Ct),
            "replace" => () => view.ReplaceAsync(s_web, before, cancellationToken: Ct),
            "delete" => () => view.DeleteAsync(s_web, cancellationToken: Ct),
            "scale" => () => view.PatchScaleAsync(s_web, 9, cancellationToken: Ct),
            "apply" => () => view.ApplyAsync(s_web, new JsonObject { ["apiVersion"] = "apps/v1", ["kind"] = "Deployment", ["metadata"] = new JsonObject { ["name"] = "web", ["namespace"] = "demo" } }, "mcpgate", cancellationToken: Ct),
            "evict" => () => view.EvictAsync(new ResourceRef { Group = string.Empty, Version = "v1", Resource = "pods", Namespace = "demo", Name = "anything" }, cancellationToken: Ct),
            _ => (Func<Task<JsonObject>>)(() => view.PatchStatusAsync(s_web, new JsonObject { ["status"] = new JsonObject { ["replicas"] = 9 } }, KubePatchType.Merge, cancellationToken: Ct)),
        };

        await act.Should().ThrowAsync<InvalidOperationException>().WithMessage("*read-only (GET only)*");
        WriteRequests().Should().Be(writesBefore, "nothing was sent");
        var after = await Client.GetAsync(s_web, Ct);
        after["metadata"]!["resourceVersion"]!.GetValue<string>().Should().Be(before["metadata"]!["resourceVersion"]!.GetValue<string>());
        (await view.GetAsync(s_web, Ct))["metadata"]!["name"]!.GetValue<string>().Should().Be("web", "reads still work");
    }

    [Fact]
    public void ReadOnlyView_DisposeLeavesTheClientOpen()
    {
        var view = Client.ReadOnlyView();

        view.Dispose();

        view.IsReadOnly.Should().BeTrue();
        Client.IsReadOnly.Should().BeFalse();
    }

    private long WriteRequests() =>
        new[] { "POST", "PUT", "PATCH", "DELETE" }.Sum(m => Sandbox.Cluster.CountRequests(m, "/"));
}
