using Xunit;

namespace McpGate.Testing.Sandbox;

/// <summary>
/// A test class on the shared manual-clock sandbox: an HTTP client for its API and a 60 s
/// timeout for every wait, both disposed after each test.
/// </summary>
public abstract class ManualClockSandboxTest : IClassFixture<ManualClockSandboxFixture>, IDisposable
{
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(60));

    protected ManualClockSandboxTest(ManualClockSandboxFixture fixture)
    {
        ArgumentNullException.ThrowIfNull(fixture);
        Fixture = fixture;
        Client = fixture.CreateHttpClient();
    }

    protected ManualClockSandboxFixture Fixture { get; }

    /// <summary>An authenticated client for the sandbox's API.</summary>
    protected HttpClient Client { get; }

    /// <summary>Cancelled 60 s after the test started: no wait hangs the run.</summary>
    protected CancellationToken Ct => _timeout.Token;

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            Client.Dispose();
            _timeout.Dispose();
        }
    }
}
