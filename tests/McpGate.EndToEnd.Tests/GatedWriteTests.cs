using System.Text.Json;
using McpGate.Testing.Mcp;
using ModelContextProtocol;

namespace McpGate.EndToEnd.Tests;

/// <summary>The product's main job, end to end, through real processes and transports.</summary>
public sealed class GatedWriteTests(GateFixture gate) : IClassFixture<GateFixture>
{
    private static readonly TimeSpan s_testTimeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task ListTools_ShowsEveryToolWithExplicitHints()
    {
        var tools = await gate.Client.ListToolsAsync();

        tools.Select(t => t.Name).Should().BeEquivalentTo(
            "list_deployments", "get_deployment", "scale_deployment", "scale_workload", "set_image", "restart_rollout",
            "cordon_node", "uncordon_node", "suspend_cronjob", "resume_cronjob", "rollout_undo", "update_configmap", "get_change", "list_changes",
            "delete_resource", "drain_node", "apply_manifest", "patch_resource",
            "nodes_list",
            "nodes_top",
            "pods_top",
            "rollout_status",
            "rollout_history");
        foreach (var tool in tools)
        {
            var hints = tool.ProtocolTool.Annotations;
            hints.Should().NotBeNull(because: $"{tool.Name} must declare its hints");
            hints!.ReadOnlyHint.Should().NotBeNull();
            hints.DestructiveHint.Should().NotBeNull();
            hints.IdempotentHint.Should().NotBeNull();
            hints.OpenWorldHint.Should().NotBeNull();
        }

        var scale = tools.Single(t => t.Name == "scale_deployment").ProtocolTool.Annotations!;
        scale.ReadOnlyHint.Should().BeFalse();
        scale.DestructiveHint.Should().BeTrue();
        tools.Single(t => t.Name == "list_deployments").ProtocolTool.Annotations!.ReadOnlyHint.Should().BeTrue();
    }

    [Fact]
    public async Task ScaleDeployment_ExecutesOnlyAfterOutOfBandApproval_AndVerifies()
    {
        using var timeout = new CancellationTokenSource(s_testTimeout);
        var ct = timeout.Token;
        var client = gate.Client;

        var before = await client.CallOkAsync("get_deployment", new() { ["namespace"] = "demo", ["name"] = "api" }, cancellationToken: ct);
        var replicasBefore = before.GetProperty("replicas").GetInt32();

        var proposal = await client.CallOkAsync("scale_deployment", new()
        {
            ["namespace"] = "demo",
            ["name"] = "api",
            ["replicas"] = replicasBefore + 2,
            ["reason"] = "e2e: more capacity",
        }, cancellationToken: ct);
        proposal.GetProperty("status").GetString().Should().Be("pending_approval");
        proposal.GetProperty("summary").GetString().Should().Be($"demo/api: replicas {replicasBefore} -> {replicasBefore + 2}");
        proposal.GetProperty("proofDigest").GetString().Should().MatchRegex("^sha256:[0-9a-f]{64}$");
        var changeId = proposal.GetProperty("changeId").GetString()!;
        proposal.GetProperty("requester").GetString().Should().Be(GateFixture.Agent, "the requester is what the operator configured, never the client's own name");
        proposal.GetProperty("approveCommand").GetString().Should().Contain($"approvals approve {changeId} --key");
        var checks = proposal.GetProperty("checks").EnumerateArray().Select(c => (Name: c.GetProperty("name").GetString(), Status: c.GetProperty("status").GetString())).ToList();
        checks.Select(c => c.Name).Should().Equal("target_exists", "dry_run_accepted", "no_drift", "policy_constraints", "gitops_managed", "blast_radius", "pdb_allows", "target_healthy");
        checks.Should().OnlyContain(c => c.Status == "pass" || c.Status == "warn", "nothing fails on a change pending approval");
        proposal.GetProperty("releaseScore").GetInt32().Should().BeInRange(50, 100);

        // Nothing changed on the cluster while the change waits.
        var waiting = await client.CallOkAsync("get_deployment", new() { ["namespace"] = "demo", ["name"] = "api" }, cancellationToken: ct);
        waiting.GetProperty("replicas").GetInt32().Should().Be(replicasBefore);

        var list = await gate.CliAsync("approvals", "list", "--json", "--data-dir", gate.DataDir);
        list.ExitCode.Should().Be(0, list.ToString());
        JsonDocument.Parse(list.StandardOutput).RootElement.EnumerateArray()
            .Select(c => c.GetProperty("id").GetString()).Should().Contain(changeId);

        var show = await gate.CliAsync("approvals", "show", changeId, "--data-dir", gate.DataDir);
        show.ExitCode.Should().Be(0, show.ToString());
        show.StandardOutput.Should().Contain("signature verified").And.Contain("dry_run_accepted").And.Contain("spec.replicas");

        var approve = await gate.CliAsync("approvals", "approve", changeId, "--key", gate.AliceKey, "--data-dir", gate.DataDir, "--policies", gate.PoliciesDir);
        approve.ExitCode.Should().Be(0, approve.ToString());
        approve.StandardOutput.Should().Contain("Recorded alice's approval").And.Contain("1 of 1");

        var states = new List<string>();
        var progress = new SynchronousProgress(v => { lock (states) { states.Add(v.Message ?? string.Empty); } });
        var final = await client.CallOkAsync("get_change", new() { ["change_id"] = changeId, ["wait_seconds"] = 90 }, progress, ct);
        final.GetProperty("status").GetString().Should().Be("verified", final.ToString());
        lock (states)
        {
            states.Should().NotBeEmpty("get_change sends a progress notification for each state it sees");
        }

        var after = await client.CallOkAsync("get_deployment", new() { ["namespace"] = "demo", ["name"] = "api" }, cancellationToken: ct);
        after.GetProperty("replicas").GetInt32().Should().Be(replicasBefore + 2);
        after.GetProperty("readyReplicas").GetInt32().Should().Be(replicasBefore + 2);

        var ledger = await gate.CliAsync("ledger", "verify", "--data-dir", gate.DataDir);
        ledger.ExitCode.Should().Be(0, ledger.ToString());
        ledger.StandardOutput.Should().Contain("ledger OK");

        var proof = await gate.CliAsync("proof", "verify", changeId, "--require-signature", "--data-dir", gate.DataDir);
        proof.ExitCode.Should().Be(0, proof.ToString());
        proof.StandardOutput.Should().Contain("signature verified");

        var again = await gate.CliAsync("approvals", "approve", changeId, "--key", gate.BobKey, "--data-dir", gate.DataDir, "--policies", gate.PoliciesDir);
        again.ExitCode.Should().Be(2, "a change that already ran cannot be approved again");
        again.StandardError.Should().Contain("not pending approval");
    }

    /// <summary>IProgress that reports on the caller's thread, so nothing is lost after the call returns.</summary>
    private sealed class SynchronousProgress(Action<ProgressNotificationValue> report) : IProgress<ProgressNotificationValue>
    {
        public void Report(ProgressNotificationValue value) => report(value);
    }
}
