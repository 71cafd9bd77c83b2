using System.Text.Json;
using McpGate.Testing.Files;
using McpGate.Testing.Mcp;
using McpGate.Testing.Processes;

namespace McpGate.Adversarial.Tests.Identities;

/// <summary>
/// The agent's name and an approver's name are compared in canonical form, so no spelling of
/// a name lets its owner approve the change their own agent asked for. Real CLI, real gate.
/// </summary>
public sealed class SelfApprovalTests : IDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(3);

    private readonly TempDirectory _temp = new("mcpgate-adv-self-");

    private string DataDir => _temp.Combine("data");

    public static TheoryData<string, string> Spellings => new()
    {
        { "Alice", "alice" },
        { "alice", "ALICE" },
        { "ALICE", "aLiCe" },
    };

    [Theory]
    [MemberData(nameof(Spellings))]
    public async Task Approve_ByTheAgentsOwnerInAnotherCase_IsRefusedAndTheChangeStaysPending(string agent, string approverIdentity)
    {
        using var timeout = new CancellationTokenSource(s_timeout);
        var ct = timeout.Token;
        var aliceKey = _temp.Combine("alice.pem");
        var bobKey = _temp.Combine("bob.pem");
        var (_, aliceLine) = await ApproverKeys.GenerateAsync(approverIdentity, aliceKey);
        var (_, bobLine) = await ApproverKeys.GenerateAsync("bob", bobKey);
        var policies = _temp.CopyPolicies(("approvers.yaml", $"approvers:\n{aliceLine}\n{bobLine}\n"));
        await using var client = await McpGateClient.StartAsync(
            ["--sandbox", "--data-dir", DataDir, "--policies", policies, "--agent", agent, "--log-level", "Warning"], ct);

        var before = await client.CallOkAsync("get_deployment", new() { ["namespace"] = "demo", ["name"] = "api" }, cancellationToken: ct);
        var replicas = before.GetProperty("replicas").GetInt32();
        var proposal = await client.CallOkAsync("scale_deployment", new()
        {
            ["namespace"] = "demo",
            ["name"] = "api",
            ["replicas"] = replicas + 1,
            ["reason"] = "adversarial: self-approval by case",
        }, cancellationToken: ct);
        proposal.GetProperty("status").GetString().Should().Be("pending_approval");
        proposal.GetProperty("requester").GetString().Should().Be("alice", "the agent name is recorded in canonical form");
        var changeId = proposal.GetProperty("changeId").GetString()!;

        // Approve and reject, each many times at once: every attempt is refused.
        string[] Attempt(int i) => i % 2 == 0
            ? ["approve", changeId, "--key", aliceKey, "--data-dir", DataDir, "--policies", policies]
            : ["deny", changeId, "--key", aliceKey, "--reason", "mine", "--data-dir", DataDir, "--policies", policies];
        var attempts = Enumerable.Range(0, 8).Select(i => Cli(Attempt(i)));
        foreach (var attempt in await Task.WhenAll(attempts))
        {
            attempt.ExitCode.Should().Be(2, attempt.ToString());
            attempt.StandardError.Should().Contain("alice requested this change and cannot approve or reject it");
        }

        var change = await ChangeAsync(changeId);
        change.GetProperty("state").GetString().Should().Be("pending_approval");
        change.GetProperty("approvals").GetArrayLength().Should().Be(0, "no refused attempt reaches the ledger");
        var waiting = await client.CallOkAsync("get_change", new() { ["change_id"] = changeId }, cancellationToken: ct);
        waiting.GetProperty("status").GetString().Should().Be("pending_approval");
        var unchanged = await client.CallOkAsync("get_deployment", new() { ["namespace"] = "demo", ["name"] = "api" }, cancellationToken: ct);
        unchanged.GetProperty("replicas").GetInt32().Should().Be(replicas);
        unchanged.GetProperty("resourceVersion").GetString().Should().Be(before.GetProperty("resourceVersion").GetString());

        // The same change, approved by someone else, goes through: only the self-approval was refused.
        var bob = await Cli("approve", changeId, "--key", bobKey, "--data-dir", DataDir, "--policies", policies);
        bob.ExitCode.Should().Be(0, bob.ToString());
        var final = await client.CallOkAsync("get_change", new() { ["change_id"] = changeId, ["wait_seconds"] = 90 }, cancellationToken: ct);
        final.GetProperty("status").GetString().Should().Be("verified", final.ToString());
        var after = await client.CallOkAsync("get_deployment", new() { ["namespace"] = "demo", ["name"] = "api" }, cancellationToken: ct);
        after.GetProperty("replicas").GetInt32().Should().Be(replicas + 1);
        (await ChangeAsync(changeId)).GetProperty("approvals").EnumerateArray()
            .Select(a => a.GetProperty("identity").GetString()).Should().Equal("bob");
    }

    public void Dispose() => _temp.Dispose();

    private static Task<ProcessResult> Cli(params string[] arguments) => McpGateCli.RunAsync(["approvals", .. arguments]);

    private async Task<JsonElement> ChangeAsync(string changeId)
    {
        var list = await McpGateCli.RunAsync(["approvals", "list", "--all", "--json", "--data-dir", DataDir]);
        list.ExitCode.Should().Be(0, list.ToString());
        return JsonDocument.Parse(list.StandardOutput).RootElement.EnumerateArray().Single(c => c.GetProperty("id").GetString() == changeId).Clone();
    }
}
