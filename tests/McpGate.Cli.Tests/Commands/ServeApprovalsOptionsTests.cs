using System.Net;
using System.Net.Sockets;
using McpGate.Testing.Files;
using McpGate.Testing.Processes;

namespace McpGate.Cli.Tests.Commands;

/// <summary><c>serve --approvals-listen</c> refuses what an operator can get wrong before anything starts, naming the option.</summary>
public sealed class ServeApprovalsOptionsTests : IDisposable
{
    private readonly TempDirectory _temp = new("mcpgate-serve-approvals-");

    public void Dispose() => _temp.Dispose();

    public static TheoryData<string[], string> Refused => new()
    {
        { ["--approvals-listen", "0.0.0.0:7443"], "--approvals-listen 0.0.0.0:7443: 0.0.0.0 is not a loopback address; the approval API serves other hosts only over HTTPS: add --approvals-tls-cert FILE --approvals-tls-key FILE" },
        { ["--approvals-listen", "127.0.0.1"], "--approvals-listen \"127.0.0.1\": must be HOST:PORT" },
        { ["--approvals-listen", "127.1:7443"], "--approvals-listen \"127.1:7443\": must be HOST:PORT" },
        { ["--approvals-listen", "127.0.0.1:0", "--approvals-tls-cert", "c.pem"], "--approvals-tls-cert and --approvals-tls-key go together" },
        { ["--approvals-listen", "127.0.0.1:0", "--approvals-tls-cert", "/nonexistent/c.pem", "--approvals-tls-key", "/nonexistent/k.pem"], "--approvals-tls-cert /nonexistent/c.pem: file not found" },
        { ["--approvals-tls-cert", "c.pem"], "--approvals-tls-cert only applies to --approvals-listen HOST:PORT" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task Serve_BadApprovalsOptions_ExitsTwoNamingTheOption(string[] options, string message)
    {
        var policies = _temp.CopyPolicies();

        var result = await McpGateCli.RunAsync(["serve", "--sandbox", "--policies", policies, "--data-dir", _temp.Combine("data"), .. options]);

        result.ExitCode.Should().Be(2, result.ToString());
        result.StandardError.Should().Contain(message);
        Directory.Exists(_temp.Combine("data")).Should().BeFalse("nothing starts before the options are checked");
    }

    [Fact]
    public async Task Serve_AttachWithApprovalsListen_IsRefused()
    {
        var result = await McpGateCli.RunAsync(["serve", "--attach", "--kubeconfig", _temp.Combine("none.kubeconfig"), "--data-dir", _temp.Combine("data"), "--approvals-listen", "127.0.0.1:0"]);

        result.ExitCode.Should().Be(2, result.ToString());
        result.StandardError.Should().Contain("--approvals-listen belongs on the gate that executes");
    }

    [Fact]
    public async Task Serve_ApprovalsPortInUse_NamesTheOption()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var policies = _temp.CopyPolicies();

        var result = await McpGateCli.RunAsync(["serve", "--sandbox", "--service", "--policies", policies, "--data-dir", _temp.Combine("data"), "--approvals-listen", $"127.0.0.1:{port}"], TimeSpan.FromSeconds(90));

        result.ExitCode.Should().Be(2, result.ToString());
        result.StandardError.Should().Contain($"--approvals-listen 127.0.0.1:{port}:");
    }
}
