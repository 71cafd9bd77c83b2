using McpGate.Kubernetes.Api;

namespace McpGate.Kubernetes.Tests.Support;

/// <summary>
/// A test class that talks to the shared sandbox through its own <see cref="KubeApiClient"/>,
/// with a per-test deadline.
/// </summary>
public abstract class SandboxClientTest : IDisposable
{
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(20));

    protected SandboxClientTest(KubeSandboxFixture sandbox)
    {
        ArgumentNullException.ThrowIfNull(sandbox);
        Sandbox = sandbox;
        Client = sandbox.Client();
    }

    protected KubeSandboxFixture Sandbox { get; }

    protected KubeApiClient Client { get; }

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
