using McpGate.Sandbox;
using McpGate.Testing.Files;
using McpGate.Testing.Mcp;
using ModelContextProtocol.Client;

namespace McpGate.Adversarial.Tests.NodeAndRolloutReads;

/// <summary>A sandbox the tests can reach directly, and the real <c>mcpgate serve</c> process reading it through its kubeconfig.</summary>
public sealed class ReadGateFixture : IAsyncLifetime
{
    private readonly TempDirectory _temp = new("mcpgate-adv-reads-");

    public SandboxCluster Sandbox { get; private set; } = null!;

    public McpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Sandbox = await SandboxCluster.StartAsync(new SandboxOptions { PodReadyDelay = TimeSpan.FromMilliseconds(100) });
        var kubeconfig = _temp.Combine("kubeconfig");
        await Sandbox.WriteKubeconfigAsync(kubeconfig);
        Client = await McpGateClient.StartAsync(["--kubeconfig", kubeconfig, "--data-dir", _temp.Combine("data"), "--policies", _temp.CopyPolicies(), "--log-level", "Warning"]);
        await Sandbox.WaitForSettledAsync(TimeSpan.FromSeconds(30));
    }

    public async Task DisposeAsync()
    {
        if (Client is not null)
        {
            await Client.DisposeAsync();
        }

        if (Sandbox is not null)
        {
            await Sandbox.DisposeAsync();
        }

        _temp.Dispose();
    }
}
