using System.Globalization;
using McpGate.Testing.Files;
using McpGate.Testing.Mcp;
using McpGate.Testing.Processes;

namespace McpGate.EndToEnd.Tests;

/// <summary>
/// The long-running gate serves the approval API: <c>serve --service --approvals-listen</c> on a
/// separate <c>mcpgate sandbox</c> cluster, an IDE proposing with <c>serve --attach</c>, and an
/// approver with only a copy of its key and the URL. kubectl reads the result from the cluster.
/// </summary>
public sealed class ApprovalsApiServiceTests : IAsyncLifetime
{
    private readonly TempDirectory _temp = new("mcpgate-api-service-");
    private StdioProcess _cluster = null!;

    private string DataDir => _temp.Combine("data");

    private string Kubeconfig => _temp.Combine("cluster.kubeconfig");

    public async Task InitializeAsync()
    {
        var alice = await GateFixture.GenerateKeyAsync("alice", _temp.Combine("alice.pem"));
        _temp.CopyPolicies(("approvers.yaml", $"approvers:\n{alice}\n"));
        _cluster = StdioProcess.StartMcpGate("sandbox", "--kubeconfig-out", Kubeconfig);
        while (!(await _cluster.ReadLineAsync(TimeSpan.FromSeconds(60))).StartsWith("Press Ctrl+C", StringComparison.Ordinal))
        {
        }
    }

    public async Task DisposeAsync()
    {
        await ProcessRunner.RunAsync("kill", ["-TERM", _cluster.Id.ToString(CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(10));
        await _cluster.DisposeAsync();
        _temp.Dispose();
    }

    [Fact]
    public async Task Service_ServesTheApi_AndARemoteApprovalExecutes()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await using var service = StdioProcess.StartMcpGate("serve", "--service", "--kubeconfig", Kubeconfig, "--data-dir", DataDir, "--policies", _temp.Combine("policies"),
            "--approvals-listen", "127.0.0.1:0", "--log-level", "Information");
        var url = await ApprovalsApiEndToEndTests.Gate.PublishedUrlAsync(DataDir);
        string changeId;
        await using (var ide = await McpGateClient.StartAsync(["--attach", "--kubeconfig", Kubeconfig, "--data-dir", DataDir, "--agent", GateFixture.Agent, "--log-level", "Warning"], timeout.Token))
        {
            var proposal = await ide.CallOkAsync("scale_deployment", new() { ["namespace"] = "demo", ["name"] = "web", ["replicas"] = 7, ["reason"] = "service API test" }, cancellationToken: timeout.Token);
            changeId = proposal.GetProperty("changeId").GetString()!;
        }

        using var laptop = new TempDirectory("mcpgate-laptop-");
        var key = laptop.Combine("alice.pem");
        File.Copy(_temp.Combine("alice.pem"), key);
        var approve = await McpGateCli.RunFromRootAsync(["approvals", "approve", changeId, "--key", key, "--server", url.AbsoluteUri], new Dictionary<string, string?>
        {
            ["HOME"] = laptop.Path,
            ["XDG_DATA_HOME"] = laptop.Combine("xdg"),
            ["MCPGATE_HOME"] = null,
        });

        approve.ExitCode.Should().Be(0, approve.ToString());
        approve.StandardOutput.Should().Contain("quorum met");
        while (await ReplicasAsync("web") != 7)
        {
            service.HasExited.Should().BeFalse(service.StandardError);
            await Task.Delay(100, timeout.Token);
        }

        service.StandardError.Should().Contain($"serving the approval API at {url.AbsoluteUri}").And.Contain($"alice recorded approve on {changeId}");
        await ProcessRunner.RunAsync("kill", ["-TERM", service.Id.ToString(CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(10));
        (await service.WaitForExitAsync(TimeSpan.FromSeconds(30))).Should().Be(0);
        File.Exists(Path.Combine(DataDir, "approvals-api.json")).Should().BeFalse("the service removes its address when it stops");
    }

    private async Task<long> ReplicasAsync(string name)
    {
        var kubectl = await ProcessRunner.RunAsync("kubectl", ["--kubeconfig", Kubeconfig, "get", "deployment", name, "-n", "demo", "-o", "jsonpath={.spec.replicas}"], TimeSpan.FromSeconds(60));
        kubectl.ExitCode.Should().Be(0, kubectl.ToString());
        return long.Parse(kubectl.StandardOutput.Trim(), CultureInfo.InvariantCulture);
    }
}
