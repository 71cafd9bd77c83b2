using System.Net;
using System.Net.Sockets;
using McpGate.Testing.Files;
using McpGate.Testing.Processes;

namespace McpGate.Cli.Tests.Commands;

/// <summary>
/// <c>serve --kubeconfig</c> through the real executable: the cluster's connection opens while the
/// configuration loads, yet a bad configuration is still the error reported, and an unreachable cluster
/// stops the start with one clear line after one round of retries, not two.
/// </summary>
public sealed class ServeStartTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Serve_UnreachableCluster_StopsWithOneLineNamingItAfterOneRoundOfRetries()
    {
        var kubeconfig = WriteKubeconfig(ClosedPort());

        var run = await Serve(kubeconfig, RepoPaths.Manifests);

        run.ExitCode.Should().Be(2, run.ToString());
        run.StandardError.Should().Contain("cluster 'unreachable': cannot establish which cluster this is, so no proof could name it")
            .And.Contain("the API server could not be reached");
        run.StandardOutput.Should().BeEmpty("stdout is the MCP channel");
        CountOf(run.StandardError, "Kubernetes request attempt 1 follows").Should().Be(1, "the identity read started early is the one reported, not read again: {0}", run.StandardError);
    }

    [Fact]
    public async Task Serve_BadManifestAndUnreachableCluster_ReportsTheManifest()
    {
        var manifests = _dir.Combine("manifests");
        Directory.CreateDirectory(manifests);
        File.WriteAllText(Path.Combine(manifests, "broken.yaml"), "name: broken\naccess: sometimes\n");

        var run = await Serve(WriteKubeconfig(ClosedPort()), manifests);

        run.ExitCode.Should().Be(2, run.ToString());
        run.StandardError.Should().Contain("McpGate cannot start:").And.Contain("broken.yaml");
        run.StandardError.Should().NotContain("cannot establish which cluster", "the configuration is checked and reported first");
        (Directory.Exists(_dir.Combine("data")) ? Directory.EnumerateFiles(_dir.Combine("data"), "*", SearchOption.AllDirectories) : [])
            .Should().NotContain(f => f.EndsWith(".db", StringComparison.Ordinal), "no ledger is created for a gate that does not start");
    }

    [Fact]
    public async Task Serve_BadManifestAndMissingKubeconfig_ReportsTheManifest()
    {
        var manifests = _dir.Combine("manifests");
        Directory.CreateDirectory(manifests);
        File.WriteAllText(Path.Combine(manifests, "broken.yaml"), "name: broken\naccess: sometimes\n");

        var run = await Serve(_dir.Combine("no-such.kubeconfig"), manifests);

        run.ExitCode.Should().Be(2, run.ToString());
        run.StandardError.Should().Contain("McpGate cannot start:").And.Contain("broken.yaml");
        run.StandardError.Should().NotContain("no-such.kubeconfig", "the configuration is checked and reported first");
    }

    /// <summary>A port on the loopback that nothing listens on: connections are refused at once.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private string WriteKubeconfig(int port) => LoopbackKubeconfig.Write(_dir.Combine("kubeconfig"), "unreachable", port);

    private static int CountOf(string text, string value)
    {
        var count = 0;
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private Task<ProcessResult> Serve(string kubeconfig, string manifests) =>
        ProcessRunner.RunAsync(
            McpGateCli.DotNet,
            [McpGateCli.AssemblyPath, "serve", "--kubeconfig", kubeconfig, "--data-dir", _dir.Combine("data"), "--policies", RepoPaths.Policies, "--manifests", manifests],
            TimeSpan.FromSeconds(120),
            new Dictionary<string, string?>(),
            workingDirectory: _dir.Path);
}
