using System.Text.Json;
using McpGate.Testing.Mcp;
using McpGate.Testing.Processes;

namespace McpGate.EndToEnd.Tests;

/// <summary>
/// An operator approves from another terminal and another directory, with only the command the
/// agent was given: the CLI checks the approval against the policy the running gate loaded,
/// which the gate recorded in its data directory, and every refusal says which policy it read.
/// </summary>
public sealed class ApprovalFromAnyDirectoryTests(GateFixture gate) : IClassFixture<GateFixture>
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Approve_FromRootWithoutPolicies_UsesTheGatesPolicy()
    {
        using var timeout = new CancellationTokenSource(s_timeout);
        var changeId = await ProposeAsync("web", timeout.Token);

        var approve = await McpGateCli.RunFromRootAsync(["approvals", "approve", changeId, "--key", gate.AliceKey, "--data-dir", gate.DataDir]);

        approve.ExitCode.Should().Be(0, approve.ToString());
        approve.StandardOutput.Should().Contain("Recorded alice's approval");
        var record = JsonDocument.Parse(await File.ReadAllTextAsync(Directory.GetFiles(gate.DataDir, "gate-*.json").Single())).RootElement;
        record.GetProperty("policiesPath").GetString().Should().Be(gate.PoliciesDir);
        record.GetProperty("cluster").GetString().Should().Be("sandbox");
        var final = await gate.Client.CallOkAsync("get_change", new() { ["change_id"] = changeId, ["wait_seconds"] = 90 }, cancellationToken: timeout.Token);
        final.GetProperty("status").GetString().Should().Be("verified", final.ToString());
    }

    [Fact]
    public async Task Approve_KeyNotInThePolicy_RefusalNamesThePolicyFilesItRead()
    {
        using var timeout = new CancellationTokenSource(s_timeout);
        var changeId = await ProposeAsync("api", timeout.Token, replicas: 5);

        var refused = await McpGateCli.RunFromRootAsync(["approvals", "approve", changeId, "--key", gate.OutsiderKey, "--data-dir", gate.DataDir]);

        refused.ExitCode.Should().Be(2, refused.ToString());
        refused.StandardError.Should().Contain($"policy read from {gate.PoliciesDir}, recorded by the gate for cluster sandbox")
            .And.Contain(Path.Combine(gate.PoliciesDir, "approvers.yaml"));
        var change = await gate.Client.CallOkAsync("get_change", new() { ["change_id"] = changeId }, cancellationToken: timeout.Token);
        change.GetProperty("status").GetString().Should().Be("pending_approval", "a refused approval records nothing");
    }

    [Fact]
    public async Task Approve_WithTheGatesOwnKeys_SaysWhatTheyAreAndRecordsNothing()
    {
        using var timeout = new CancellationTokenSource(s_timeout);
        var changeId = await ProposeAsync("web", timeout.Token, replicas: 4);
        var gatePrivate = Path.Combine(gate.DataDir, "gate-key.pem");
        var gatePublic = Path.Combine(gate.DataDir, "gate-key.pub.pem");

        var withPrivate = await McpGateCli.RunFromRootAsync(["approvals", "approve", changeId, "--key", gatePrivate, "--data-dir", gate.DataDir]);
        var withPublic = await McpGateCli.RunFromRootAsync(["approvals", "approve", changeId, "--key", gatePublic, "--data-dir", gate.DataDir]);

        withPrivate.ExitCode.Should().Be(2, withPrivate.ToString());
        withPrivate.StandardError.Should().Contain("is the gate's own key").And.Contain("approve with your own key")
            .And.NotContain("add it", "adding the gate's key to the approvers would stop the server from starting");
        withPublic.ExitCode.Should().Be(2, withPublic.ToString());
        withPublic.StandardError.Should().Contain("this is a public key, which cannot sign").And.NotContain("chmod");
        var change = await gate.Client.CallOkAsync("get_change", new() { ["change_id"] = changeId }, cancellationToken: timeout.Token);
        change.GetProperty("status").GetString().Should().Be("pending_approval");
    }

    [Fact]
    public async Task Approve_ExplicitPoliciesOrEnvironment_WinOverTheRecord()
    {
        using var timeout = new CancellationTokenSource(s_timeout);
        var changeId = await ProposeAsync("web", timeout.Token, replicas: 1);
        var shipped = Path.Combine(Path.GetDirectoryName(McpGateCli.AssemblyPath)!, "policies");

        var viaOption = await McpGateCli.RunFromRootAsync(["approvals", "approve", changeId, "--key", gate.AliceKey, "--data-dir", gate.DataDir, "--policies", shipped]);
        var viaEnvironment = await McpGateCli.RunFromRootAsync(["approvals", "approve", changeId, "--key", gate.AliceKey, "--data-dir", gate.DataDir],
            new Dictionary<string, string?> { ["MCPGATE_POLICIES"] = shipped });

        viaOption.ExitCode.Should().Be(2, viaOption.ToString());
        viaOption.StandardError.Should().Contain($"policy read from {shipped}, --policies");
        viaEnvironment.ExitCode.Should().Be(2, viaEnvironment.ToString());
        viaEnvironment.StandardError.Should().Contain($"policy read from {shipped}, $MCPGATE_POLICIES");
    }

    [Theory]
    [InlineData("gate-uid_other.json", "{\"policiesPath\":\"relative/path\",\"manifestsPath\":\"/m\",\"cluster\":\"x\",\"clusterId\":\"uid:other\",\"processId\":1,\"startedAt\":\"2030-01-01T00:00:00Z\"}")]
    [InlineData("gate-broken.json", "{ not json")]
    [InlineData("gate-missing.json", "{\"policiesPath\":\"/nonexistent/policies\",\"manifestsPath\":\"/m\",\"cluster\":\"y\",\"clusterId\":\"uid:missing\",\"processId\":1,\"startedAt\":\"2030-01-01T00:00:00Z\"}")]
    public async Task Approve_ForeignOrBrokenRecords_AreIgnored(string file, string content)
    {
        using var timeout = new CancellationTokenSource(s_timeout);
        var path = Path.Combine(gate.DataDir, file);
        await File.WriteAllTextAsync(path, content, timeout.Token);
        try
        {
            var changeId = await ProposeAsync("api", timeout.Token, replicas: 2);

            var refused = await McpGateCli.RunFromRootAsync(["approvals", "approve", changeId, "--key", gate.OutsiderKey, "--data-dir", gate.DataDir]);

            refused.StandardError.Should().Contain($"policy read from {gate.PoliciesDir}, recorded by the gate for cluster sandbox", refused.ToString());
        }
        finally
        {
            File.Delete(path);
        }
    }

    private async Task<string> ProposeAsync(string name, CancellationToken ct, int replicas = 3)
    {
        var proposal = await gate.Client.CallOkAsync("scale_deployment", new()
        {
            ["namespace"] = "demo",
            ["name"] = name,
            ["replicas"] = replicas,
            ["reason"] = "approve from another directory",
        }, cancellationToken: ct);
        return proposal.GetProperty("changeId").GetString()!;
    }
}
