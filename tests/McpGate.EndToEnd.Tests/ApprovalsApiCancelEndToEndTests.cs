using McpGate.Testing.Files;
using McpGate.Testing.Mcp;
using McpGate.Testing.Processes;

namespace McpGate.EndToEnd.Tests;

/// <summary>
/// <c>approvals cancel</c> through the approval API of a real <c>mcpgate serve --sandbox
/// --approvals-listen 127.0.0.1:0</c>: an approver with only a copy of their key file and the URL,
/// and one on the gate's host using the address the gate published. The agent follows over MCP stdio.
/// </summary>
public sealed class ApprovalsApiCancelEndToEndTests(ApprovalsApiEndToEndTests.Gate gate) : IClassFixture<ApprovalsApiEndToEndTests.Gate>
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Approver_WithOnlyKeyAndUrl_CancelsAPendingChangeAndNothingIsWritten()
    {
        using var timeout = new CancellationTokenSource(s_timeout);
        var before = await ReplicasAsync("api", timeout.Token);
        var changeId = await ProposeAsync("api", 9, timeout.Token);
        using var laptop = new TempDirectory("mcpgate-laptop-");
        var key = laptop.Combine("bob.pem");
        File.Copy(gate.BobKey, key);
        File.SetUnixFileMode(key, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var cancel = await ApproverAsync(laptop, ["approvals", "cancel", changeId, "--key", key, "--reason", "wrong service", "--server", gate.ApiUrl.AbsoluteUri]);
        var again = await ApproverAsync(laptop, ["approvals", "cancel", changeId, "--key", key, "--reason", "twice", "--server", gate.ApiUrl.AbsoluteUri]);

        cancel.ExitCode.Should().Be(0, cancel.ToString());
        cancel.StandardOutput.Should().Contain($"Cancelled {changeId} (").And.Contain($"as bob through {gate.ApiUrl.AbsoluteUri}: it will never execute, and nothing was changed");
        again.ExitCode.Should().Be(2, again.ToString());
        again.StandardError.Should().Contain("refused (409, rule state)").And.Contain($"change {changeId} was already cancelled");
        Directory.EnumerateFileSystemEntries(laptop.Path).Should().Equal([key], "the approver's CLI wrote nothing of its own");
        var change = await gate.Client.CallOkAsync("get_change", new() { ["change_id"] = changeId }, cancellationToken: timeout.Token);
        change.GetProperty("status").GetString().Should().Be("cancelled", change.ToString());
        change.GetProperty("cancelledBy").GetProperty("identity").GetString().Should().Be("bob");
        change.GetProperty("cancelledBy").GetProperty("reason").GetString().Should().Be("wrong service");
        change.GetProperty("outcome").GetString().Should().Be("cancelled by bob before execution: wrong service; nothing was changed");
        (await ReplicasAsync("api", timeout.Token)).Should().Be(before, "the cancelled change never wrote");
        var ledger = await McpGateCli.RunFromRootAsync(["ledger", "verify", "--data-dir", gate.DataDir]);
        ledger.ExitCode.Should().Be(0, ledger.ToString());
    }

    [Fact]
    public async Task Approver_OnTheGatesHost_CancelsThroughThePublishedAddress()
    {
        using var timeout = new CancellationTokenSource(s_timeout);
        var changeId = await ProposeAsync("web", 8, timeout.Token);

        var cancel = await McpGateCli.RunFromRootAsync(["approvals", "cancel", changeId, "--key", gate.AliceKey, "--reason", "not during the sale", "--data-dir", gate.DataDir]);

        cancel.ExitCode.Should().Be(0, cancel.ToString());
        cancel.StandardOutput.Should().Contain($"Cancelled {changeId} (").And.Contain($"as alice through {gate.ApiUrl.AbsoluteUri}");
        var change = await gate.Client.CallOkAsync("get_change", new() { ["change_id"] = changeId }, cancellationToken: timeout.Token);
        change.GetProperty("status").GetString().Should().Be("cancelled", change.ToString());
    }

    [Fact]
    public async Task Approver_RefusedOrMissingAKey_IsToldWhichOption()
    {
        using var timeout = new CancellationTokenSource(s_timeout);
        var changeId = await ProposeAsync("api", 7, timeout.Token);
        using var laptop = new TempDirectory("mcpgate-laptop-");

        var outsider = await ApproverAsync(laptop, ["approvals", "cancel", changeId, "--key", gate.OutsiderKey, "--reason", "no", "--server", gate.ApiUrl.AbsoluteUri]);
        var noKey = await ApproverAsync(laptop, ["approvals", "cancel", changeId, "--key", laptop.Combine("missing.pem"), "--reason", "no", "--server", gate.ApiUrl.AbsoluteUri]);
        var noAddress = await ApproverAsync(laptop, ["approvals", "cancel", changeId, "--key", gate.AliceKey, "--reason", "no"]);

        outsider.ExitCode.Should().Be(2, outsider.ToString());
        outsider.StandardError.Should().Contain("--key").And.Contain("is not an approver in the policy of the gate at");
        noKey.ExitCode.Should().Be(2, noKey.ToString());
        noKey.StandardError.Should().Contain($"--key {laptop.Combine("missing.pem")}: no such file");
        noAddress.ExitCode.Should().Be(2, noAddress.ToString());
        noAddress.StandardError.Should().Contain("no approval API address published there: give the gate's approval API with --server URL");
        var change = await gate.Client.CallOkAsync("get_change", new() { ["change_id"] = changeId }, cancellationToken: timeout.Token);
        change.GetProperty("status").GetString().Should().Be("pending_approval");
    }

    private static Task<ProcessResult> ApproverAsync(TempDirectory laptop, string[] arguments) =>
        McpGateCli.RunFromRootAsync(arguments, new Dictionary<string, string?>
        {
            ["HOME"] = laptop.Path,
            ["XDG_DATA_HOME"] = laptop.Combine("xdg"),
            ["MCPGATE_HOME"] = null,
            ["MCPGATE_POLICIES"] = null,
        });

    private async Task<int> ReplicasAsync(string name, CancellationToken ct) =>
        (await gate.Client.CallOkAsync("get_deployment", new() { ["namespace"] = "demo", ["name"] = name }, cancellationToken: ct)).GetProperty("replicas").GetInt32();

    private async Task<string> ProposeAsync(string name, int replicas, CancellationToken ct)
    {
        var proposal = await gate.Client.CallOkAsync("scale_deployment", new()
        {
            ["namespace"] = "demo",
            ["name"] = name,
            ["replicas"] = replicas,
            ["reason"] = "cancel through the approval API",
        }, cancellationToken: ct);
        return proposal.GetProperty("changeId").GetString()!;
    }
}
