using System.Net;
using System.Net.Sockets;
using McpGate.Testing.Files;
using McpGate.Testing.Processes;

namespace McpGate.Cli.Tests.Commands;

/// <summary><c>mcpgate sandbox</c>: which port serves what, as <c>--help</c> says.</summary>
public sealed class SandboxCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Sandbox_PortIsTheHttpsEndpointTheKubeconfigNames_HttpPortIsPlain()
    {
        var (https, http) = TwoFreePorts();
        var kubeconfig = _dir.Combine("sb.kubeconfig");
        await using var sandbox = StdioProcess.StartMcpGate("sandbox", "--port", Text(https), "--http-port", Text(http), "--kubeconfig-out", kubeconfig);
        try
        {
            var lines = new List<string>();
            while (lines.Count == 0 || !lines[^1].StartsWith("Press Ctrl+C", StringComparison.Ordinal))
            {
                lines.Add(await sandbox.ReadLineAsync(TimeSpan.FromSeconds(60)));
            }

            lines.Should().Contain($"Sandbox cluster at https://127.0.0.1:{https}/; kubeconfig written to {kubeconfig}")
                .And.Contain($"Plain HTTP (no TLS, same token; for curl) at http://127.0.0.1:{http}/");
            (await File.ReadAllTextAsync(kubeconfig)).Should().Contain($"server: https://127.0.0.1:{https}");
            using var client = new HttpClient();
            var version = await client.GetAsync(new Uri($"http://127.0.0.1:{http}/version"));
            version.StatusCode.Should().Be(HttpStatusCode.Unauthorized, "the plain port serves the same API, behind the same token");
            (await version.Content.ReadAsStringAsync()).Should().Contain("\"kind\":\"Status\"");
            var kubectl = await ProcessRunner.RunAsync("kubectl", ["--kubeconfig", kubeconfig, "get", "deployments", "-n", "demo", "-o", "name"], TimeSpan.FromSeconds(60));
            kubectl.ExitCode.Should().Be(0, kubectl.ToString());
            kubectl.StandardOutput.Should().Contain("deployment.apps/web");
        }
        finally
        {
            await ProcessRunner.RunAsync("kill", ["-TERM", Text(sandbox.Id)], TimeSpan.FromSeconds(10));
        }
    }

    [Fact]
    public async Task Sandbox_PortInUse_ExitsTwoNamingIt()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var run = await McpGateCli.RunAsync(["sandbox", "--port", Text(port)]);

        run.ExitCode.Should().Be(2, run.ToString());
        run.StandardError.Should().Contain($"127.0.0.1:{port}").And.Contain("address already in use");
    }

    [Theory]
    [InlineData("--port", "70000", "--port 70000: must be from 0 to 65535")]
    [InlineData("--http-port", "-1", "--http-port -1: must be from 0 to 65535")]
    public async Task Sandbox_PortOutOfRange_ExitsTwo(string option, string value, string message)
    {
        var run = await McpGateCli.RunAsync(["sandbox", option, value]);

        run.ExitCode.Should().Be(2, run.ToString());
        run.StandardError.Should().Contain(message);
    }

    [Fact]
    public async Task Sandbox_SamePortTwice_ExitsTwo()
    {
        var run = await McpGateCli.RunAsync(["sandbox", "--port", "18443", "--http-port", "18443"]);

        run.ExitCode.Should().Be(2, run.ToString());
        run.StandardError.Should().Contain("--port and --http-port must differ (both 18443)");
    }

    [Fact]
    public async Task Sandbox_Help_SaysWhatEachPortServes()
    {
        var run = await McpGateCli.RunAsync(["sandbox", "--help"]);

        run.ExitCode.Should().Be(0, run.ToString());
        run.StandardOutput.Should().Contain("HTTPS port on 127.0.0.1").And.Contain("Plain-HTTP port on 127.0.0.1");
    }

    /// <summary>Two distinct free ports: both listeners are open at once, so the OS cannot hand out one port twice.</summary>
    private static (int First, int Second) TwoFreePorts()
    {
        using var first = new TcpListener(IPAddress.Loopback, 0);
        using var second = new TcpListener(IPAddress.Loopback, 0);
        first.Start();
        second.Start();
        var ports = (((IPEndPoint)first.LocalEndpoint).Port, ((IPEndPoint)second.LocalEndpoint).Port);
        first.Stop();
        second.Stop();
        return ports;
    }

    private static string Text(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
