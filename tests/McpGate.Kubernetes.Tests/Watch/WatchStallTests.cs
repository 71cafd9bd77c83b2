using McpGate.Core.Cluster;
using McpGate.Kubernetes.Api;
using McpGate.Kubernetes.KubeConfig;
using McpGate.Kubernetes.Tests.Support;
using McpGate.Kubernetes.Watch;

namespace McpGate.Kubernetes.Tests.Watch;

/// <summary>Watches against servers that stall or close at once: they back off and give up instead of hanging or spinning.</summary>
public sealed class WatchStallTests : IDisposable
{
    private static readonly ResourceRef s_deployments = new() { Group = "apps", Version = "v1", Resource = "deployments", Namespace = "demo" };
    /// <summary>
    /// Only the timeout a test is about is short; the others are long enough that a loaded machine
    /// (the scripted server runs in this process) never trips them instead.
    /// </summary>
    private static readonly KubeWatchOptions s_options = new()
    {
        ResourceVersion = "5",
        ReconnectBaseDelay = TimeSpan.FromMilliseconds(10),
        MaxConsecutiveFailures = 3,
        ResponseHeadersTimeout = TimeSpan.FromSeconds(15),
        IdleTimeout = TimeSpan.FromSeconds(15),
    };

    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(60));

    public void Dispose() => _timeout.Dispose();

    [Fact]
    public async Task WatchAsync_NoResponseHeaders_BacksOffThenGivesUp()
    {
        await using var server = new ScriptedHttpServer(new ScriptedResponse(200, Hang: true));

        var thrown = await WatchUntilFailureAsync(server, s_options with { ResponseHeadersTimeout = TimeSpan.FromMilliseconds(500) });

        thrown.Message.Should().Contain("failed 3 times in a row").And.Contain("response headers");
        server.RequestLines.Should().HaveCount(3);
    }

    [Fact]
    public async Task WatchAsync_StreamGoesSilent_ReconnectsAfterIdleTimeoutThenGivesUp()
    {
        await using var server = new ScriptedHttpServer(new ScriptedResponse(200, string.Empty, HangAfterHeaders: true));

        var thrown = await WatchUntilFailureAsync(server, s_options with { IdleTimeout = TimeSpan.FromMilliseconds(500) });

        thrown.Message.Should().Contain("failed 3 times in a row").And.Contain("no data");
        server.RequestLines.Should().HaveCount(3);
    }

    [Fact]
    public async Task WatchAsync_StreamEndsAtOnceWithoutEvents_BacksOffThenGivesUp()
    {
        await using var server = new ScriptedHttpServer(new ScriptedResponse(200, string.Empty));

        var thrown = await WatchUntilFailureAsync(server, s_options);

        thrown.Message.Should().Contain("failed 3 times in a row").And.Contain("ended before any event");
        server.RequestLines.Should().HaveCount(3);
    }

    private async Task<KubeApiException> WatchUntilFailureAsync(ScriptedHttpServer server, KubeWatchOptions options)
    {
        using var client = new KubeApiClient(new KubeEndpoint { ContextName = "watch", Server = server.BaseAddress, Token = "t" });
        var act = async () =>
        {
            await foreach (var unused in client.WatchAsync(s_deployments, options, _timeout.Token))
            {
            }
        };

        return (await act.Should().ThrowAsync<KubeApiException>()).Which;
    }
}
