using McpGate.Sandbox;
using Xunit;

namespace McpGate.Testing.Sandbox;

/// <summary>
/// Starts one embedded sandbox cluster (demo seeded, pods ready after 200 ms) for a test class
/// or collection, and stops it afterwards.
/// </summary>
public sealed class SandboxFixture : IAsyncLifetime
{
    /// <summary>How long tests wait for the controllers to become idle or settle (real time).</summary>
    public static readonly TimeSpan QuietTimeout = TimeSpan.FromSeconds(20);

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
    public HttpClient CreateHttpClient() => SandboxHttpClients.Create(Cluster);

    /// <summary>
    /// Waits until the controllers have settled: every change reconciled, every pod started, every
    /// rollout complete, so a resourceVersion read now stays put until someone writes.
    /// </summary>
    public Task WaitForSettledAsync(CancellationToken cancellationToken = default) =>
        Cluster.WaitForSettledAsync(QuietTimeout, cancellationToken);
}
