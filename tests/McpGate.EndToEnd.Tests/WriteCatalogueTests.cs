using System.Text.Json;
using McpGate.Testing.Mcp;

namespace McpGate.EndToEnd.Tests;

/// <summary>
/// The write catalogue through the real server and the real MCP client: a proposal, the
/// operator's approval through the CLI, execution, verification, and the rollback the gate
/// proposes when a change fails verification.
/// </summary>
public sealed class WriteCatalogueTests(GateFixture gate) : IClassFixture<GateFixture>
{
    private static readonly TimeSpan s_testTimeout = TimeSpan.FromMinutes(3);

    private async Task ApproveAsync(string changeId)
    {
        var approve = await gate.CliAsync("approvals", "approve", changeId, "--key", gate.AliceKey, "--data-dir", gate.DataDir, "--policies", gate.PoliciesDir);
        approve.ExitCode.Should().Be(0, approve.ToString());
    }

    private async Task<JsonElement> WaitAsync(string changeId, CancellationToken ct) =>
        await gate.Client.CallOkAsync("get_change", new() { ["change_id"] = changeId, ["wait_seconds"] = 120 }, cancellationToken: ct);

    private async Task<string> ImageAsync(string ns, string name, CancellationToken ct)
    {
        var deployment = await gate.Client.CallOkAsync("get_deployment", new() { ["namespace"] = ns, ["name"] = name }, cancellationToken: ct);
        return deployment.GetProperty("containers")[0].GetProperty("image").GetString()!;
    }

    [Fact]
    public async Task SetImage_CrashLoopingImage_FailsVerification_TheRollbackWaitsForItsOwnApproval_ThenRestores()
    {
        using var timeout = new CancellationTokenSource(s_testTimeout);
        var ct = timeout.Token;
        var original = await ImageAsync("staging", "api", ct);

        var proposal = await gate.Client.CallOkAsync("set_image", new()
        {
            ["kind"] = "deployment", ["namespace"] = "staging", ["name"] = "api", ["container"] = "api",
            ["image"] = "ghcr.io/example/api:crashloop", ["reason"] = "e2e: ship the new build",
        }, cancellationToken: ct);
        proposal.GetProperty("status").GetString().Should().Be("pending_approval", proposal.ToString());
        var changeId = proposal.GetProperty("changeId").GetString()!;

        var show = await gate.CliAsync("approvals", "show", changeId, "--data-dir", gate.DataDir);
        show.ExitCode.Should().Be(0, show.ToString());
        show.StandardOutput.Should().Contain("Writes (signed, in order)").And.Contain("patch (strategicmerge)")
            .And.Contain("if verification fails, the gate proposes 1 write(s)");

        await ApproveAsync(changeId);
        var failed = await WaitAsync(changeId, ct);

        failed.GetProperty("status").GetString().Should().Be("verification_failed", failed.ToString());
        failed.GetProperty("outcome").GetString().Should().Contain("CrashLoopBackOff");
        var rollbackId = failed.GetProperty("rollbackChangeId").GetString()!;
        failed.GetProperty("next").GetString().Should().Contain(rollbackId).And.Contain("its own human approval");
        (await ImageAsync("staging", "api", ct)).Should().Be("ghcr.io/example/api:crashloop", "nothing is undone before a human approves");

        var rollback = await gate.Client.CallOkAsync("get_change", new() { ["change_id"] = rollbackId }, cancellationToken: ct);
        rollback.GetProperty("status").GetString().Should().Be("pending_approval");
        rollback.GetProperty("rollbackOf").GetString().Should().Be(changeId);
        var rollbackShow = await gate.CliAsync("approvals", "show", rollbackId, "--data-dir", gate.DataDir);
        rollbackShow.StandardOutput.Should().Contain("Rollback of").And.Contain(changeId).And.Contain("signature verified");

        await ApproveAsync(rollbackId);
        var restored = await WaitAsync(rollbackId, ct);

        restored.GetProperty("status").GetString().Should().Be("verified", restored.ToString());
        (await ImageAsync("staging", "api", ct)).Should().Be(original);
        var ledger = await gate.CliAsync("ledger", "verify", "--data-dir", gate.DataDir);
        ledger.ExitCode.Should().Be(0, ledger.ToString());
    }

    [Fact]
    public async Task SetImage_ImageOutsideTheTrustedRegistries_IsDeniedByPolicy_NothingChanges()
    {
        using var timeout = new CancellationTokenSource(s_testTimeout);
        var ct = timeout.Token;
        var before = await ImageAsync("staging", "web", ct);

        var proposal = await gate.Client.CallOkAsync("set_image", new()
        {
            ["kind"] = "deployment", ["namespace"] = "staging", ["name"] = "web", ["container"] = "web",
            ["image"] = "evil.example.com/nginx:1.28", ["reason"] = "e2e",
        }, cancellationToken: ct);

        proposal.GetProperty("status").GetString().Should().Be("denied");
        proposal.GetProperty("outcome").GetString().Should().Contain("image");
        (await ImageAsync("staging", "web", ct)).Should().Be(before);
    }

    [Fact]
    public async Task CordonNode_ThroughMcp_IsVerifiedUnschedulable_ThenUncordonRestores()
    {
        using var timeout = new CancellationTokenSource(s_testTimeout);
        var ct = timeout.Token;

        foreach (var tool in new[] { "cordon_node", "uncordon_node" })
        {
            var proposal = await gate.Client.CallOkAsync(tool, new() { ["node"] = "sandbox-worker-2", ["reason"] = "e2e: kernel update" }, cancellationToken: ct);
            proposal.GetProperty("status").GetString().Should().Be("pending_approval", proposal.ToString());
            var id = proposal.GetProperty("changeId").GetString()!;

            await ApproveAsync(id);
            var final = await WaitAsync(id, ct);

            final.GetProperty("status").GetString().Should().Be("verified", final.ToString());
            final.GetProperty("outcome").GetString().Should().Contain(tool == "cordon_node" ? "unschedulable" : "schedulable");
        }
    }
}
