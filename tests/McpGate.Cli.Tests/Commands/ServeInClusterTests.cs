using McpGate.Testing.Files;
using McpGate.Testing.Processes;

namespace McpGate.Cli.Tests.Commands;

/// <summary>
/// <c>serve --in-cluster</c> through the real executable, outside a pod: the cluster flags exclude each
/// other, and a missing service account is one clear line, exit 2, with nothing written to the data directory.
/// </summary>
public sealed class ServeInClusterTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    public static TheoryData<string[]> ConflictingFlags => new()
    {
        new[] { "--sandbox", "--in-cluster" },
        new[] { "--kubeconfig", "/nonexistent/kubeconfig", "--in-cluster" },
        new[] { "--sandbox", "--kubeconfig", "/nonexistent/kubeconfig", "--in-cluster" },
        new[] { "--in-cluster", "--context", "prod" },
    };

    [Theory]
    [MemberData(nameof(ConflictingFlags))]
    public async Task Serve_MoreThanOneCluster_ExitsTwoNamingTheChoice(string[] flags)
    {
        var run = await Serve(flags, new Dictionary<string, string?>());

        run.ExitCode.Should().Be(2, run.ToString());
        run.StandardError.Should().Contain("choose the cluster: exactly one of --sandbox, --kubeconfig FILE [--context NAME], or --in-cluster");
        Directory.Exists(_dir.Combine("data")).Should().BeFalse("nothing starts before the flags are checked");
    }

    public static TheoryData<string, string, string> OutsideAPod => new()
    {
        { string.Empty, "443", "in-cluster: KUBERNETES_SERVICE_HOST is not set; not running in a pod? Pass --kubeconfig instead" },
        { "10.96.0.1", "http", "in-cluster: KUBERNETES_SERVICE_PORT 'http' must be a port number" },
        { "10.96.0.1", "443", "in-cluster: the service-account token file /var/run/secrets/kubernetes.io/serviceaccount/token cannot be read" },
    };

    [Theory]
    [MemberData(nameof(OutsideAPod))]
    public async Task Serve_InClusterOutsideAPod_ExitsTwoNamingWhatIsMissing(string host, string port, string expected)
    {
        var run = await Serve(["--in-cluster"], new Dictionary<string, string?> { ["KUBERNETES_SERVICE_HOST"] = host, ["KUBERNETES_SERVICE_PORT"] = port });

        run.ExitCode.Should().Be(2, run.ToString());
        run.StandardError.Should().Contain(expected);
        run.StandardOutput.Should().BeEmpty("stdout is the MCP channel");
        (Directory.Exists(_dir.Combine("data")) ? Directory.EnumerateFiles(_dir.Combine("data"), "*", SearchOption.AllDirectories) : [])
            .Should().NotContain(f => f.EndsWith(".db", StringComparison.Ordinal), "no ledger is created for a gate that cannot reach its cluster");
    }

    private Task<ProcessResult> Serve(string[] flags, IReadOnlyDictionary<string, string?> environment) =>
        ProcessRunner.RunAsync(
            McpGateCli.DotNet,
            [McpGateCli.AssemblyPath, "serve", .. flags, "--data-dir", _dir.Combine("data"), "--policies", RepoPaths.Policies, "--manifests", RepoPaths.Manifests],
            TimeSpan.FromSeconds(60),
            environment,
            workingDirectory: _dir.Path);
}
