using System.Net.Http.Headers;
using McpGate.Sandbox;
using Xunit;

namespace McpGate.Testing.Sandbox;

/// <summary>
/// Starts one embedded sandbox cluster (demo seeded, pods ready after 200 ms) for a test class
/// or collection, and stops it afterwards.
/// </summary>
public sealed class SandboxFixture : IAsyncLifetime
{
    private SandboxCluster? _cluster;

    public SandboxCluster Cluster =>
        _cluster ?? throw new InvalidOperationException("The sandbox cluster is not started yet.");

    public async Task InitializeAsync()
    {
        _cluster = await SandboxCluster.StartAsync(new SandboxOptions
        {
            PodReadyDelay = TimeSpan.FromMilliseconds(200),
        });
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    /// <summary>An HttpClient for the sandbox that sends the bearer token.</summary>
    public HttpClient CreateHttpClient()
    {
        var client = new HttpClient { BaseAddress = Cluster.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Cluster.Token);
        return client;
    }
}
