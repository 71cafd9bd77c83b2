using McpGate.Core.Cluster;
using McpGate.Kubernetes.Api;
using McpGate.Kubernetes.KubeConfig;
using McpGate.Sandbox;

namespace McpGate.Kubernetes.Tests.Support;

/// <summary>
/// A sandbox for one test class with the identities the Kubernetes tests need: the admin token, a
/// second admin token (<see cref="OtherAdminToken"/>) and a read-only one (<see cref="ViewToken"/>),
/// and bookmarks every 200 ms. Tests count requests on the server to prove how many attempts were made.
/// </summary>
public sealed class KubeSandboxFixture : IAsyncLifetime
{
    public const string ViewToken = "view-token-0123456789";
    public const string ViewUser = "viewer";
    public const string OtherAdminToken = "other-admin-token-0123456789";

    private SandboxCluster? _cluster;

    public SandboxCluster Cluster => _cluster ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync()
    {
        var options = new SandboxOptions
        {
            PodReadyDelay = TimeSpan.FromMilliseconds(200),
            WatchBookmarkInterval = TimeSpan.FromMilliseconds(200),
        };
        options.AdditionalTokens[ViewToken] = ViewUser;
        options.AdditionalTokens[OtherAdminToken] = "other-admin";
        options.ViewUsers.Add(ViewUser);
        _cluster = await SandboxCluster.StartAsync(options);
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    /// <summary>An endpoint for the HTTPS address, trusting the sandbox CA, with a token (the admin one by default).</summary>
    public KubeEndpoint Endpoint(string? token = null) => new()
    {
        ContextName = "sandbox",
        Server = Cluster.SecureBaseAddress,
        Namespace = "demo",
        CertificateAuthorityPem = Cluster.CertificateAuthorityPem,
        Token = token ?? Cluster.Token,
    };

    /// <summary>Waits until the controllers have settled (every rollout complete, no status write pending).</summary>
    public Task WaitForSettledAsync(CancellationToken cancellationToken) =>
        Cluster.WaitForSettledAsync(McpGate.Testing.Sandbox.SandboxFixture.QuietTimeout, cancellationToken);

    /// <summary>Waits until the controllers have reconciled every change so far (pods may still be starting).</summary>
    public Task WaitForIdleAsync(CancellationToken cancellationToken) =>
        Cluster.WaitForIdleAsync(McpGate.Testing.Sandbox.SandboxFixture.QuietTimeout, cancellationToken);

    public KubeApiClient Client(KubeApiClientOptions? options = null, string? token = null) => new(Endpoint(token), options);

    /// <summary>A fresh deployment named after the test, so tests never share objects.</summary>
    public async Task<ResourceRef> CreateDeploymentAsync(KubeApiClient client, string prefix, CancellationToken cancellationToken)
    {
        var name = TestDeployments.UniqueName(prefix);
        await client.CreateAsync(TestDeployments.Collection, TestDeployments.Body(name, 1), cancellationToken: cancellationToken);
        return TestDeployments.Named(name);
    }
}
