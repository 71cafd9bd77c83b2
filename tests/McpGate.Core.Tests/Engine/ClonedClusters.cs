using McpGate.Kubernetes;
using McpGate.Sandbox;
using McpGate.Testing.Files;

namespace McpGate.Core.Tests.Engine;

/// <summary>
/// A sandbox cluster and a clone restored from its state file: the same kube-system uid (so the same
/// cluster id) at another endpoint with another certificate, each with a port whose context is called sandbox.
/// </summary>
internal sealed class ClonedClusters : IAsyncDisposable
{
    private readonly TempDirectory _temp = new("mcpgate-clone-");

    private ClonedClusters()
    {
    }

    public SandboxCluster Original { get; private set; } = null!;

    public SandboxCluster Clone { get; private set; } = null!;

    public KubernetesClusterPort OriginalPort { get; private set; } = null!;

    public KubernetesClusterPort ClonePort { get; private set; } = null!;

    public static async Task<ClonedClusters> StartAsync()
    {
        var clusters = new ClonedClusters();
        try
        {
            var state = clusters._temp.Combine("state.json");
            clusters.Original = await SandboxCluster.StartAsync(new SandboxOptions { StatePath = state, PodReadyDelay = TimeSpan.FromMilliseconds(100) });
            File.Copy(state, clusters._temp.Combine("restored.json"));
            clusters.Clone = await SandboxCluster.StartAsync(new SandboxOptions { StatePath = clusters._temp.Combine("restored.json"), PodReadyDelay = TimeSpan.FromMilliseconds(100) });
            clusters.OriginalPort = await PortAsync(clusters.Original, clusters._temp.Combine("original.kubeconfig"));
            clusters.ClonePort = await PortAsync(clusters.Clone, clusters._temp.Combine("clone.kubeconfig"));
            return clusters;
        }
        catch
        {
            await clusters.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        OriginalPort?.Dispose();
        ClonePort?.Dispose();
        if (Clone is not null)
        {
            await Clone.DisposeAsync();
        }

        if (Original is not null)
        {
            await Original.DisposeAsync();
        }

        _temp.Dispose();
    }

    private static async Task<KubernetesClusterPort> PortAsync(SandboxCluster sandbox, string kubeconfig)
    {
        await sandbox.WriteKubeconfigAsync(kubeconfig);
        return KubernetesClusterPort.FromKubeconfig(kubeconfig, "sandbox");
    }
}
