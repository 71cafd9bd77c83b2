using McpGate.Kubernetes;
using McpGate.Sandbox;
using McpGate.Testing.Files;
using McpGate.Testing.Mcp;
using ModelContextProtocol.Client;

namespace McpGate.EndToEnd.Tests;

/// <summary>
/// A real gate (<c>mcpgate serve --kubeconfig</c>, over stdio) in front of a sandbox cluster the test
/// can also reach over HTTP, to change the cluster behind the gate's back; the shipped manifests with
/// <c>drain_node</c>'s timeout shortened so a drain that waits on a budget fails within the test.
/// </summary>
public sealed class ClusterGateFixture : IAsyncLifetime
{
    public const string Agent = "e2e-agent";

    /// <summary><c>drain_node</c>'s verify timeout here (300s when shipped).</summary>
    public const int DrainTimeoutSeconds = 20;

    private readonly TempDirectory _temp = new("mcpgate-e2e-cluster-");

    public McpClient Client { get; private set; } = null!;

    public SandboxCluster Sandbox { get; private set; } = null!;

    /// <summary>The sandbox as the test sees it, apart from the gate.</summary>
    public KubernetesClusterPort Cluster { get; private set; } = null!;

    public string DataDir => _temp.Combine("data");

    public string PoliciesDir => _temp.Combine("policies");

    public string AliceKey => _temp.Combine("alice.pem");

    public async Task InitializeAsync()
    {
        Sandbox = await SandboxCluster.StartAsync(new SandboxOptions { PodReadyDelay = TimeSpan.FromMilliseconds(200) });
        var kubeconfig = _temp.Combine("kubeconfig");
        await Sandbox.WriteKubeconfigAsync(kubeconfig);
        Cluster = KubernetesClusterPort.FromKubeconfig(kubeconfig, "sandbox");

        var manifests = Directory.CreateDirectory(_temp.Combine("tool-manifests")).FullName;
        foreach (var file in Directory.EnumerateFiles(RepoPaths.Manifests, "*.yaml"))
        {
            var text = await File.ReadAllTextAsync(file);
            if (Path.GetFileName(file) == "drain_node.yaml")
            {
                text = text.Replace("timeout: 300s", $"timeout: {DrainTimeoutSeconds}s", StringComparison.Ordinal);
            }

            await File.WriteAllTextAsync(Path.Combine(manifests, Path.GetFileName(file)), text);
        }

        var alice = await GateFixture.GenerateKeyAsync("alice", AliceKey);
        _temp.CopyPolicies(("approvers.yaml", $"approvers:\n{alice}\n"));
        Client = await McpGateClient.StartAsync(["--kubeconfig", kubeconfig, "--data-dir", DataDir, "--policies", PoliciesDir, "--manifests", manifests, "--agent", Agent, "--log-level", "Warning"]);
    }

    public async Task DisposeAsync()
    {
        if (Client is not null)
        {
            await Client.DisposeAsync();
        }

        Cluster?.Dispose();
        if (Sandbox is not null)
        {
            await Sandbox.DisposeAsync();
        }

        _temp.Dispose();
    }

    /// <summary>Alice approves the change with the real CLI; the test fails with its output otherwise.</summary>
    public async Task ApproveAsync(string changeId)
    {
        var approve = await McpGate.Testing.Processes.McpGateCli.RunAsync(["approvals", "approve", changeId, "--key", AliceKey, "--data-dir", DataDir, "--policies", PoliciesDir]);
        if (approve.ExitCode != 0)
        {
            throw new InvalidOperationException($"approve failed: {approve}");
        }
    }
}
