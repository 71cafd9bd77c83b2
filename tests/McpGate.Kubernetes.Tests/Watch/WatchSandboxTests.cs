using System.Text.Json.Nodes;
using McpGate.Kubernetes.Api;
using McpGate.Kubernetes.Tests.Support;
using McpGate.Kubernetes.Watch;
using McpGate.Sandbox.Faults;

namespace McpGate.Kubernetes.Tests.Watch;

/// <summary>Watch against the sandbox: live events, bookmarks, re-list on 410, reconnect after a drop, cancellation.</summary>
public sealed class WatchSandboxTests : SandboxClientTest, IClassFixture<KubeSandboxFixture>
{
    private const string WatchPath = "/apis/apps/v1/namespaces/demo/deployments";

    public WatchSandboxTests(KubeSandboxFixture sandbox)
        : base(sandbox)
    {
        sandbox.Cluster.Faults.Clear();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Sandbox.Cluster.Faults.Clear();
        }

        base.Dispose(disposing);
    }

    [Fact]
    public async Task WatchAsync_NoResourceVersion_ListsThenStreamsLiveChanges()
    {
        var target = await Sandbox.CreateDeploymentAsync(Client, "w-live", Ct);
        await using var events = Client.WatchAsync(target, cancellationToken: Ct).GetAsyncEnumerator(Ct);

        (await NextAsync(events)).Should().Match<KubeWatchEvent>(e => e.Type == KubeWatchEventType.Added && e.FromList);
        await Client.PatchAsync(target, Replicas(3), cancellationToken: Ct);
        var modified = await NextAsync(events, e => e.Type == KubeWatchEventType.Modified && Replicas(e) == 3);
        await Client.DeleteAsync(target, cancellationToken: Ct);
        var deleted = await NextAsync(events, e => e.Type == KubeWatchEventType.Deleted);

        modified.FromList.Should().BeFalse();
        deleted.Item["metadata"]!["name"]!.GetValue<string>().Should().Be(target.Name);
    }

    [Fact]
    public async Task WatchAsync_QuietCollection_ReportsBookmarksAndTracksThem()
    {
        var list = await Client.ListAsync(TestDeployments.Collection, cancellationToken: Ct);
        var start = list["metadata"]!["resourceVersion"]!.GetValue<string>();
        var options = new KubeWatchOptions { ResourceVersion = start, ReportBookmarks = true, LabelSelector = "app=nothing-matches" };
        await using var events = Client.WatchAsync(TestDeployments.Collection, options, Ct).GetAsyncEnumerator(Ct);

        var bookmark = await NextAsync(events, e => e.Type == KubeWatchEventType.Bookmark);

        bookmark.ResourceVersion.Should().NotBeEmpty();
    }

    [Fact]
    public async Task WatchAsync_Gone_RelistsAndResumesFromListResourceVersion()
    {
        var target = await Sandbox.CreateDeploymentAsync(Client, "w-gone", Ct);
        var list = await Client.ListAsync(TestDeployments.Collection, cancellationToken: Ct);
        var start = list["metadata"]!["resourceVersion"]!.GetValue<string>();
        Sandbox.Cluster.ResetRequestCounts();
        Sandbox.Cluster.Faults.Add(new SandboxFault { Kind = SandboxFaultKind.ServerError, StatusCode = 410, Method = "GET", PathPrefix = WatchPath, Count = 1 });
        await using var events = Client.WatchAsync(target, new KubeWatchOptions { ResourceVersion = start }, Ct).GetAsyncEnumerator(Ct);

        var replayed = await NextAsync(events);
        await Client.PatchAsync(target, Replicas(4), cancellationToken: Ct);
        var live = await NextAsync(events, e => e.Type == KubeWatchEventType.Modified && Replicas(e) == 4);

        replayed.Should().Match<KubeWatchEvent>(e => e.Type == KubeWatchEventType.Added && e.FromList);
        Replicas(live).Should().Be(4);
        Sandbox.Cluster.CountRequests("GET", WatchPath).Should().Be(3, "the refused watch, the re-list, the resumed watch");
    }

    [Fact]
    public async Task WatchAsync_ExpiredResourceVersion_RelistsFromTheServersAnswer()
    {
        var target = await Sandbox.CreateDeploymentAsync(Client, "w-expired", Ct);

        // Far beyond the sandbox's history: a real 410 Expired from the server, or a replay if still kept.
        var list = await Client.ListAsync(TestDeployments.Collection, cancellationToken: Ct);
        await using var events = Client.WatchAsync(target, new KubeWatchOptions { ResourceVersion = "1" }, Ct).GetAsyncEnumerator(Ct);
        await Client.PatchAsync(target, Replicas(5), cancellationToken: Ct);

        var live = await NextAsync(events, e => e.Type == KubeWatchEventType.Modified && Replicas(e) == 5);

        live.ResourceVersion.Should().NotBe(list["metadata"]!["resourceVersion"]!.GetValue<string>());
    }

    [Fact]
    public async Task WatchAsync_DroppedConnection_ReconnectsFromLastResourceVersion()
    {
        var target = await Sandbox.CreateDeploymentAsync(Client, "w-drop", Ct);
        var start = TestDeployments.ResourceVersion(await Client.GetAsync(target, Ct));
        Sandbox.Cluster.ResetRequestCounts();
        Sandbox.Cluster.Faults.Add(new SandboxFault { Kind = SandboxFaultKind.DropConnection, Method = "GET", PathPrefix = WatchPath, Count = 2 });
        var options = new KubeWatchOptions { ResourceVersion = start, ReconnectBaseDelay = TimeSpan.FromMilliseconds(50) };
        await using var events = Client.WatchAsync(target, options, Ct).GetAsyncEnumerator(Ct);

        var pending = NextAsync(events, e => e.Type == KubeWatchEventType.Modified && Replicas(e) == 2);
        await Client.PatchAsync(target, Replicas(2), cancellationToken: Ct);
        var modified = await pending;

        Replicas(modified).Should().Be(2);
        Sandbox.Cluster.CountRequests("GET", WatchPath).Should().Be(3, "two dropped attempts, then the watch that delivered");
    }

    [Fact]
    public async Task WatchAsync_Forbidden_Throws()
    {
        using var viewer = Sandbox.Client(token: "not-a-valid-token");

        var act = async () =>
        {
            await foreach (var unused in viewer.WatchAsync(TestDeployments.Collection, new KubeWatchOptions { ResourceVersion = "0" }, Ct))
            {
            }
        };

        (await act.Should().ThrowAsync<KubeApiException>()).Which.Reason.Should().Be(KubeApiReason.Unauthorized);
    }

    [Fact]
    public async Task WatchAsync_Cancelled_EndsPromptly()
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var list = await Client.ListAsync(TestDeployments.Collection, cancellationToken: Ct);
        var options = new KubeWatchOptions { ResourceVersion = list["metadata"]!["resourceVersion"]!.GetValue<string>(), LabelSelector = "app=none" };
        var consume = Task.Run(
            async () =>
            {
                await foreach (var unused in Client.WatchAsync(TestDeployments.Collection, options, cancel.Token))
                {
                }
            },
            Ct);

        await cancel.CancelAsync();

        await consume.Invoking(t => t.WaitAsync(TimeSpan.FromSeconds(5), Ct)).Should().ThrowAsync<OperationCanceledException>();
    }

    private static JsonObject Replicas(int replicas) => new() { ["spec"] = new JsonObject { ["replicas"] = replicas } };

    private static int Replicas(KubeWatchEvent e) => e.Item["spec"]!["replicas"]!.GetValue<int>();

    private static async Task<KubeWatchEvent> NextAsync(IAsyncEnumerator<KubeWatchEvent> events, Func<KubeWatchEvent, bool>? match = null)
    {
        while (await events.MoveNextAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10)))
        {
            if (match is null || match(events.Current))
            {
                return events.Current;
            }
        }

        throw new InvalidOperationException("the watch ended");
    }
}
