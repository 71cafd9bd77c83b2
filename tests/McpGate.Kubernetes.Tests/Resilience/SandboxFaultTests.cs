using System.Diagnostics;
using System.Text.Json.Nodes;
using McpGate.Kubernetes.Api;
using McpGate.Kubernetes.Tests.Support;
using McpGate.Sandbox.Faults;

namespace McpGate.Kubernetes.Tests.Resilience;

/// <summary>
/// Every retry rule against the sandbox's scripted faults over real HTTPS; the sandbox counts the
/// requests it received, which proves how many attempts the client made.
/// </summary>
public sealed class SandboxFaultTests : IClassFixture<KubeSandboxFixture>, IDisposable
{
    private static readonly KubeApiClientOptions s_fast = new()
    {
        MaxReadAttempts = 3,
        RetryBaseDelay = TimeSpan.FromMilliseconds(20),
        Timeout = TimeSpan.FromSeconds(10),
    };

    private readonly KubeSandboxFixture _sandbox;
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(30));

    public SandboxFaultTests(KubeSandboxFixture sandbox)
    {
        _sandbox = sandbox;
        _sandbox.Cluster.Faults.Clear();
    }

    private CancellationToken Ct => _timeout.Token;

    public void Dispose()
    {
        _sandbox.Cluster.Faults.Clear();
        _timeout.Dispose();
    }

    [Fact]
    public async Task Get_TooManyRequestsWithRetryAfter_WaitsThenSucceeds()
    {
        using var client = _sandbox.Client(s_fast);
        var target = await _sandbox.CreateDeploymentAsync(client, "r429", Ct);
        var path = PathOf(target);
        AddFault(SandboxFaultKind.TooManyRequests, "GET", path, count: 1, retryAfter: TimeSpan.FromSeconds(1));

        var watch = Stopwatch.StartNew();
        var deployment = await client.GetAsync(target, Ct);

        deployment["metadata"]!["name"]!.GetValue<string>().Should().Be(target.Name);
        _sandbox.Cluster.CountRequests("GET", path).Should().Be(2);
        watch.Elapsed.Should().BeGreaterThan(TimeSpan.FromMilliseconds(900), "Retry-After: 1 is honoured");
    }

    [Fact]
    public async Task Get_RetryAfterAboveCap_WaitsOnlyTheCap()
    {
        using var client = _sandbox.Client(s_fast with { MaxRetryAfter = TimeSpan.FromMilliseconds(100) });
        var target = await _sandbox.CreateDeploymentAsync(client, "rcap", Ct);
        AddFault(SandboxFaultKind.TooManyRequests, "GET", PathOf(target), count: 1, retryAfter: TimeSpan.FromSeconds(60));

        var watch = Stopwatch.StartNew();
        await client.GetAsync(target, Ct);

        watch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(5));
        _sandbox.Cluster.CountRequests("GET", PathOf(target)).Should().Be(2);
    }

    [Fact]
    public async Task Get_ServerErrorEveryTime_GivesUpAfterThreeAttempts()
    {
        using var client = _sandbox.Client(s_fast);
        var target = await _sandbox.CreateDeploymentAsync(client, "r500", Ct);
        AddFault(SandboxFaultKind.ServerError, "GET", PathOf(target), count: 10);

        var act = () => client.GetAsync(target, Ct);

        var error = (await act.Should().ThrowAsync<KubeApiException>()).Which;
        error.Reason.Should().Be(KubeApiReason.InternalError);
        error.Message.Should().Contain("cluster 'sandbox'").And.Contain("try again later");
        _sandbox.Cluster.CountRequests("GET", PathOf(target)).Should().Be(3);
    }

    [Fact]
    public async Task Get_ServiceUnavailableTwice_SucceedsOnThirdAttempt()
    {
        using var client = _sandbox.Client(s_fast);
        var target = await _sandbox.CreateDeploymentAsync(client, "r503", Ct);
        AddFault(SandboxFaultKind.ServerError, "GET", PathOf(target), count: 2, statusCode: 503);

        await client.GetAsync(target, Ct);

        _sandbox.Cluster.CountRequests("GET", PathOf(target)).Should().Be(3);
    }

    [Fact]
    public async Task Get_DroppedConnection_IsRetried()
    {
        using var client = _sandbox.Client(s_fast);
        var target = await _sandbox.CreateDeploymentAsync(client, "rdrop", Ct);
        AddFault(SandboxFaultKind.DropConnection, "GET", PathOf(target), count: 1);

        await client.GetAsync(target, Ct);

        _sandbox.Cluster.CountRequests("GET", PathOf(target)).Should().Be(2);
    }

    [Fact]
    public async Task Patch_DroppedConnection_IsNotRetried()
    {
        using var client = _sandbox.Client(s_fast);
        var target = await _sandbox.CreateDeploymentAsync(client, "wdrop", Ct);
        AddFault(SandboxFaultKind.DropConnection, "PATCH", PathOf(target), count: 1);

        var act = () => client.PatchAsync(target, ReplicasPatch(2), cancellationToken: Ct);

        await act.Should().ThrowAsync<HttpRequestException>("the server may have applied the write before the connection broke");
        _sandbox.Cluster.CountRequests("PATCH", PathOf(target)).Should().Be(1);
    }

    [Fact]
    public async Task Patch_ServerErrorOrThrottled_IsNotRetried()
    {
        using var client = _sandbox.Client(s_fast);
        var target = await _sandbox.CreateDeploymentAsync(client, "w500", Ct);
        AddFault(SandboxFaultKind.ServerError, "PATCH", PathOf(target), count: 1);
        AddFault(SandboxFaultKind.TooManyRequests, "PATCH", PathOf(target), count: 1);

        var first = () => client.PatchAsync(target, ReplicasPatch(2), cancellationToken: Ct);
        var second = () => client.PatchAsync(target, ReplicasPatch(2), cancellationToken: Ct);

        (await first.Should().ThrowAsync<KubeApiException>()).Which.Reason.Should().Be(KubeApiReason.InternalError);
        (await second.Should().ThrowAsync<KubeApiException>()).Which.Reason.Should().Be(KubeApiReason.TooManyRequests);
        _sandbox.Cluster.CountRequests("PATCH", PathOf(target)).Should().Be(2);
    }

    [Fact]
    public async Task Patch_Conflict_IsNeverRetried()
    {
        using var client = _sandbox.Client(s_fast);
        var target = await _sandbox.CreateDeploymentAsync(client, "w409", Ct);
        var stale = new JsonObject { ["metadata"] = new JsonObject { ["resourceVersion"] = "1" }, ["spec"] = new JsonObject { ["replicas"] = 3 } };

        var act = () => client.PatchAsync(target, stale, cancellationToken: Ct);

        var error = (await act.Should().ThrowAsync<KubeApiException>()).Which;
        error.Reason.Should().Be(KubeApiReason.Conflict);
        error.Message.Should().Contain("conflicts are never retried");
        _sandbox.Cluster.CountRequests("PATCH", PathOf(target)).Should().Be(1);
    }

    [Fact]
    public async Task Get_SlowResponse_HitsPerCallTimeout()
    {
        using var setup = _sandbox.Client(s_fast);
        var target = await _sandbox.CreateDeploymentAsync(setup, "rslow", Ct);
        using var client = _sandbox.Client(s_fast with { Timeout = TimeSpan.FromMilliseconds(500) });
        AddFault(SandboxFaultKind.Delay, "GET", PathOf(target), count: 5, delay: TimeSpan.FromSeconds(10));

        var watch = Stopwatch.StartNew();
        var act = () => client.GetAsync(target, Ct);

        (await act.Should().ThrowAsync<TimeoutException>()).WithMessage($"GET {PathOf(target)} on cluster 'sandbox'*did not complete within 0.5 s");
        watch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Get_CallerCancels_StopsRetrying()
    {
        using var client = _sandbox.Client(s_fast with { RetryBaseDelay = TimeSpan.FromSeconds(5) });
        var target = await _sandbox.CreateDeploymentAsync(client, "rcancel", Ct);
        AddFault(SandboxFaultKind.ServerError, "GET", PathOf(target), count: 10);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        var act = () => client.GetAsync(target, cancel.Token);

        await act.Should().ThrowAsync<OperationCanceledException>();
        _sandbox.Cluster.CountRequests("GET", PathOf(target)).Should().Be(1);
    }

    private static string PathOf(McpGate.Core.Cluster.ResourceRef target) => $"/apis/apps/v1/namespaces/demo/deployments/{target.Name}";

    private static JsonObject ReplicasPatch(int replicas) => new() { ["spec"] = new JsonObject { ["replicas"] = replicas } };

    private void AddFault(SandboxFaultKind kind, string method, string path, int count, TimeSpan? retryAfter = null, TimeSpan? delay = null, int statusCode = 0) =>
        _sandbox.Cluster.Faults.Add(new SandboxFault
        {
            Kind = kind,
            Method = method,
            PathPrefix = path,
            Count = count,
            RetryAfter = retryAfter,
            Delay = delay,
            StatusCode = statusCode,
        });
}
