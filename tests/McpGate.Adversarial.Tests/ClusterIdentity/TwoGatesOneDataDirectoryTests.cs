using System.Text.RegularExpressions;
using McpGate.Core.Changes;
using McpGate.Core.Ledger;
using McpGate.Core.Storage;
using McpGate.Testing.Files;
using McpGate.Testing.Mcp;
using McpGate.Testing.Processes;
using McpGate.Testing.Time;
using ModelContextProtocol.Client;

namespace McpGate.Adversarial.Tests.ClusterIdentity;

/// <summary>
/// Two real <c>mcpgate serve --sandbox</c> processes on one data directory, both clusters called
/// <c>sandbox</c>: a change proposed on one gate and approved with the real CLI changes that gate's
/// cluster once and never the other's, whether the executor lock holds, is deleted, or file locking
/// is switched off for both processes.
/// </summary>
public sealed partial class TwoGatesOneDataDirectoryTests
{
    private const string Agent = "adversary-agent";
    private static readonly TimeSpan s_testTimeout = TimeSpan.FromMinutes(4);

    public static TheoryData<string> Variants => new() { "lock kept", "lock deleted", "file locking disabled" };

    [Theory]
    [MemberData(nameof(Variants))]
    public async Task ApprovedChange_ExecutesOnlyOnTheClusterItWasProvenOn(string variant)
    {
        using var timeout = new CancellationTokenSource(s_testTimeout);
        var ct = timeout.Token;
        using var temp = new TempDirectory("mcpgate-two-gates-");
        var data = temp.Combine("data");
        var key = temp.Combine("alice.pem");
        var policies = temp.CopyPolicies(("approvers.yaml", $"approvers:\n{await GenerateKeyAsync("alice", key)}\n"));
        var environment = variant == "file locking disabled"
            ? new Dictionary<string, string?> { ["DOTNET_SYSTEM_IO_DISABLEFILELOCKING"] = "1" }
            : null;
        string[] serve = ["--sandbox", "--data-dir", data, "--policies", policies, "--agent", Agent, "--log-level", "Warning"];

        await using var a = await McpGateClient.StartAsync(serve, environment, ct);
        if (variant == "lock deleted")
        {
            // A takes its executor lock once started, so wait for the file before deleting it.
            await a.WaitUntilStartedAsync(ct);
            await Poll.UntilAsync(() => Directory.EnumerateFiles(data, "executor-*.lock").Any(), "A's executor lock file");
            foreach (var lockFile in Directory.EnumerateFiles(data, "executor-*.lock"))
            {
                File.Delete(lockFile);
            }
        }

        await using var b = await McpGateClient.StartAsync(serve, environment, ct);
        var aBefore = await ObserveAsync(a, ct);
        var bBefore = await ObserveAsync(b, ct);
        bBefore.ResourceVersion.Should().Be(aBefore.ResourceVersion, "both sandboxes start alike: a resourceVersion precondition alone would let B's change through on A");

        var onB = await ProposeAndApproveAsync(b, data, policies, key, bBefore.Replicas + 3, ct);
        var onA = await ProposeAndApproveAsync(a, data, policies, key, aBefore.Replicas + 1, ct);

        (await WaitFinalAsync(b, onB, ct)).Should().Be("verified");
        (await WaitFinalAsync(a, onA, ct)).Should().Be("verified");
        var aAfter = await ObserveAsync(a, ct);
        var bAfter = await ObserveAsync(b, ct);
        bAfter.Replicas.Should().Be(bBefore.Replicas + 3, "B's change ran on B");
        bAfter.Generation.Should().Be(bBefore.Generation + 1, "B's cluster changed exactly once");
        aAfter.Replicas.Should().Be(aBefore.Replicas + 1, "A's cluster holds only A's change");
        aAfter.Generation.Should().Be(aBefore.Generation + 1, "A's cluster changed exactly once");

        using var ledger = ChangeLedger.Open(DataDirectory.Resolve(data).LedgerPath, TimeProvider.System);
        foreach (var changeId in new[] { onA, onB })
        {
            var events = (await ledger.ReadEntriesAsync(0, changeId, ct)).Select(e => e.EventType).ToList();
            events.Count(e => e == "executed").Should().Be(1, $"change {changeId}: {string.Join(", ", events)}");
            events.Should().NotContain("failed");
        }

        var provenOnA = ChangeJson.Deserialize((await ledger.GetChangeAsync(onA, ct))!.DocumentJson);
        var provenOnB = ChangeJson.Deserialize((await ledger.GetChangeAsync(onB, ct))!.DocumentJson);
        provenOnA.Cluster.Should().Be("sandbox").And.Be(provenOnB.Cluster);
        provenOnA.ClusterIdentity!.Id.Should().NotBe(provenOnB.ClusterIdentity!.Id, "two sandboxes never share an identity");
        var verify = await McpGateCli.RunAsync(["proof", "verify", onB, "--require-signature", "--data-dir", data], cancellationToken: ct);
        verify.ExitCode.Should().Be(0, verify.ToString());
        verify.StandardOutput.Should().Contain($"cluster id {provenOnB.ClusterIdentity.Id}").And.Contain($"server {provenOnB.ClusterIdentity.Server}");
        var show = await McpGateCli.RunAsync(["approvals", "show", onA, "--data-dir", data], cancellationToken: ct);
        show.ExitCode.Should().Be(0, show.ToString());
        show.StandardOutput.Should().Contain(provenOnA.ClusterIdentity.Id);
    }

    private static async Task<string> ProposeAndApproveAsync(McpClient gate, string data, string policies, string key, int replicas, CancellationToken ct)
    {
        var proposal = await gate.CallOkAsync("scale_deployment", new()
        {
            ["namespace"] = "demo",
            ["name"] = "web",
            ["replicas"] = replicas,
            ["reason"] = "adversarial: two gates, one data directory",
        }, cancellationToken: ct);
        proposal.GetProperty("status").GetString().Should().Be("pending_approval", proposal.ToString());
        var changeId = proposal.GetProperty("changeId").GetString()!;

        var approve = await McpGateCli.RunAsync(["approvals", "approve", changeId, "--key", key, "--data-dir", data, "--policies", policies], cancellationToken: ct);
        approve.ExitCode.Should().Be(0, approve.ToString());
        return changeId;
    }

    private static async Task<string> WaitFinalAsync(McpClient gate, string changeId, CancellationToken ct)
    {
        var final = await gate.CallOkAsync("get_change", new() { ["change_id"] = changeId, ["wait_seconds"] = 90 }, cancellationToken: ct);
        return final.GetProperty("status").GetString()!;
    }

    private static async Task<(int Replicas, long Generation, string ResourceVersion)> ObserveAsync(McpClient gate, CancellationToken ct)
    {
        var web = await gate.CallOkAsync("get_deployment", new() { ["namespace"] = "demo", ["name"] = "web" }, cancellationToken: ct);
        return (web.GetProperty("replicas").GetInt32(), web.GetProperty("generation").GetInt64(), web.GetProperty("resourceVersion").GetString()!);
    }

    private static async Task<string> GenerateKeyAsync(string identity, string path)
    {
        var result = await McpGateCli.RunAsync(["keys", "generate", "--identity", identity, "--out", path]);
        result.ExitCode.Should().Be(0, result.ToString());
        var line = PolicyLine().Match(result.StandardOutput);
        line.Success.Should().BeTrue(result.StandardOutput);
        return line.Value.TrimEnd();
    }

    [GeneratedRegex(@"^\s*- \{ identity: .*\}\s*$", RegexOptions.Multiline)]
    private static partial Regex PolicyLine();
}
