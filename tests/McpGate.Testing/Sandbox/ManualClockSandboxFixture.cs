using McpGate.Sandbox;
using McpGate.Testing.Time;
using Xunit;

namespace McpGate.Testing.Sandbox;

/// <summary>
/// A demo-seeded sandbox whose controllers run on a <see cref="ManualTimeProvider"/>: a new pod
/// stays Pending until the test moves the clock by <see cref="PodReadyDelay"/>, so states in
/// between (scaled but not yet ready) can be observed without racing the controllers.
/// </summary>
public sealed class ManualClockSandboxFixture : IAsyncLifetime
{
    public static readonly TimeSpan PodReadyDelay = TimeSpan.FromSeconds(1);

    private SandboxCluster? _cluster;

    public ManualTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public SandboxCluster Cluster =>
        _cluster ?? throw new InvalidOperationException("The sandbox cluster is not started yet.");

    public async Task InitializeAsync()
    {
        _cluster = await SandboxCluster.StartAsync(new SandboxOptions
        {
            PodReadyDelay = PodReadyDelay,
            TimeProvider = Clock,
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

    /// <summary>Waits until the controllers have reconciled everything written so far (the clock stands still).</summary>
    public Task WaitForIdleAsync(CancellationToken cancellationToken = default) =>
        Cluster.WaitForIdleAsync(SandboxFixture.QuietTimeout, cancellationToken);

    /// <summary>
    /// Lets the controllers catch up, moves the clock, and waits until they have handled what fell
    /// due. Move in steps no longer than the shortest timer the test relies on: work the controllers
    /// schedule while reacting to one timer is due relative to the clock when they reschedule.
    /// </summary>
    public async Task AdvanceAsync(TimeSpan by, CancellationToken cancellationToken = default)
    {
        await WaitForIdleAsync(cancellationToken);
        Clock.Advance(by);
        await WaitForIdleAsync(cancellationToken);
    }
}
