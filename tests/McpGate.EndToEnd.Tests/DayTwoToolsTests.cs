using System.Text.Json;
using McpGate.Testing.Mcp;

namespace McpGate.EndToEnd.Tests;

/// <summary>
/// The everyday writes through the real server and MCP client, each approved by the operator
/// with the CLI and verified: objects created with apply_manifest, then update_configmap,
/// suspend_cronjob / resume_cronjob, scale_workload and restart_rollout on them and on the seed.
/// </summary>
public sealed class DayTwoToolsTests(GateFixture gate) : IClassFixture<GateFixture>
{
    private const string Objects = """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: app-settings
        data:
          LOG_LEVEL: info
          LEGACY_MODE: "true"
        ---
        apiVersion: batch/v1
        kind: CronJob
        metadata:
          name: cleanup
        spec:
          schedule: "*/30 * * * *"
          jobTemplate:
            spec:
              template:
                spec:
                  restartPolicy: Never
                  containers:
                    - name: cleanup
                      image: ghcr.io/example/worker:2.0.3
        """;

    private async Task<JsonElement> RunAsync(string tool, Dictionary<string, object?> arguments, CancellationToken ct)
    {
        arguments["reason"] = $"e2e: {tool}";
        var proposal = await gate.Client.CallOkAsync(tool, arguments, cancellationToken: ct);
        proposal.GetProperty("status").GetString().Should().Be("pending_approval", proposal.ToString());
        var id = proposal.GetProperty("changeId").GetString()!;

        var approve = await gate.CliAsync("approvals", "approve", id, "--key", gate.AliceKey, "--data-dir", gate.DataDir, "--policies", gate.PoliciesDir);
        approve.ExitCode.Should().Be(0, approve.ToString());
        var final = await gate.Client.CallOkAsync("get_change", new() { ["change_id"] = id, ["wait_seconds"] = 120 }, cancellationToken: ct);
        final.GetProperty("status").GetString().Should().Be("verified", $"{tool}: {final}");
        return final;
    }

    [Fact]
    public async Task EverydayWrites_EachApprovedOutOfBand_ExecuteAndVerify()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var ct = timeout.Token;

        await RunAsync("apply_manifest", new() { ["namespace"] = "staging", ["manifest"] = Objects }, ct);

        var config = await RunAsync("update_configmap", new()
        {
            ["namespace"] = "staging", ["name"] = "app-settings",
            ["data"] = new Dictionary<string, string?> { ["LOG_LEVEL"] = "debug", ["LEGACY_MODE"] = null },
        }, ct);
        config.GetProperty("summary").GetString().Should().Contain("LOG_LEVEL");

        await RunAsync("suspend_cronjob", new() { ["namespace"] = "staging", ["name"] = "cleanup" }, ct);
        await RunAsync("resume_cronjob", new() { ["namespace"] = "staging", ["name"] = "cleanup" }, ct);

        var scaled = await RunAsync("scale_workload", new() { ["kind"] = "deployment", ["namespace"] = "staging", ["name"] = "web", ["replicas"] = 3 }, ct);
        scaled.GetProperty("summary").GetString().Should().Contain("-> 3");
        var web = await gate.Client.CallOkAsync("get_deployment", new() { ["namespace"] = "staging", ["name"] = "web" }, cancellationToken: ct);
        web.GetProperty("readyReplicas").GetInt32().Should().Be(3);

        var restarted = await RunAsync("restart_rollout", new() { ["kind"] = "deployment", ["namespace"] = "staging", ["name"] = "web" }, ct);
        restarted.GetProperty("summary").GetString().Should().Contain("restartedAt");

        var ledger = await gate.CliAsync("ledger", "verify", "--data-dir", gate.DataDir);
        ledger.ExitCode.Should().Be(0, ledger.ToString());
    }
}
