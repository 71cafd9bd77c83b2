using System.Text.Json.Nodes;
using McpGate.Core.Changes;
using McpGate.Testing.Engine;
using McpGate.Testing.Processes;

namespace McpGate.Adversarial.Tests.Replay;

/// <summary>
/// Text written into the ledger by whoever can write its file (forged entries) reaches the operator's
/// terminal through <c>changes show</c> only escaped, quoted and attributed; the row's disagreement with
/// the forged history is called out, and the command writes nothing.
/// </summary>
public sealed class ForgedEntryTextTests
{
    public static TheoryData<string, string> Texts => new()
    {
        { "\u001b[2J\u001b[HAPPROVED by alice", "\\u001b[2J\\u001b[HAPPROVED by alice" },
        { "ok\nstate: verified", "ok\\u000astate: verified" },
        { "\u001b]52;c;cm0gLXJmIH4=\u0007", "\\u001b]52;c;cm0gLXJmIH4=\\u0007" },
        { "safe \u202eDEVORPPA", "safe \\u202eDEVORPPA" },
        { "zero\u200bwidth \U000E0041tag", "zero\\u200bwidth \\U000e0041tag" },
    };

    [Theory]
    [MemberData(nameof(Texts))]
    public async Task ChangesShow_ForgedReasonAndIdentity_AreShownEscapedAndAttributed(string text, string escaped)
    {
        await using var h = await GateHarness.StartAsync();
        var change = await h.ProposeScaleAsync(4);
        await h.Ledger.AppendEventAsync(change.Id, ChangeState.PendingApproval, "approval_submitted",
            new JsonObject { ["identity"] = text, ["decision"] = "approve", ["keyId"] = "x" });
        await h.Ledger.AppendEventAsync(change.Id, ChangeState.PendingApproval, "failed",
            new JsonObject { ["from"] = "pending_approval", ["to"] = "failed", ["reason"] = text });
        var data = Path.GetDirectoryName(h.Ledger.DatabasePath)!;
        var entries = (await h.Ledger.ReadEntriesAsync(0)).Count;

        var show = await RunAsync("changes", "show", change.Id, "--data-dir", data);
        var json = await RunAsync("changes", "show", change.Id, "--data-dir", data, "--json");

        show.ExitCode.Should().Be(1, "the row says pending_approval, the forged entries say failed: " + show);
        show.StandardOutput.Should().NotContainAny("\u001b", "\u0007", "\u202e", "\u200b", "\U000E0041");
        show.StandardOutput.Should().Contain($"as recorded: \"{escaped}\"").And.Contain(escaped + " approve (NOT VERIFIED: the entry holds no signed envelope)");
        show.StandardOutput.Split('\n').Should().NotContain(l => l.TrimStart().StartsWith("state: verified", StringComparison.Ordinal) || l.TrimStart().StartsWith("APPROVED", StringComparison.Ordinal));
        show.StandardOutput.Should().Contain("DISAGREES with the ledger: the changes row says pending_approval, but the ledger's last transition");
        json.ExitCode.Should().Be(1, json.ToString());
        json.StandardOutput.Should().NotContainAny("\u001b", "\u0007", "\u202e", "\u200b");
        var node = JsonNode.Parse(json.StandardOutput)!;
        node["approvals"]![0]!["identity"]!.GetValue<string>().Should().Be(text, "JSON carries the value exactly, encoded");
        node["state"]!.GetValue<string>().Should().Be("failed");
        node["rowState"]!.GetValue<string>().Should().Be("pending_approval");
        (await h.Ledger.ReadEntriesAsync(0)).Count.Should().Be(entries, "showing a change writes nothing");
        (await h.ObserveWebAsync()).Replicas.Should().Be(2);
    }

    [Fact]
    public async Task ChangesShow_ForgedEventTypeWithEscapes_IsShownEscaped()
    {
        await using var h = await GateHarness.StartAsync();
        var change = await h.ProposeScaleAsync(4);
        await h.Ledger.AppendEventAsync(change.Id, ChangeState.PendingApproval, "\u001b[31mverified", new JsonObject { ["note"] = "\u001b[0m" });
        var data = Path.GetDirectoryName(h.Ledger.DatabasePath)!;

        var show = await RunAsync("changes", "show", change.Id, "--data-dir", data);

        show.ExitCode.Should().Be(1, "ledger verify's replay refuses the forged event: " + show);
        show.StandardOutput.Should().NotContain("\u001b").And.Contain("\\u001b[31mverified").And.Contain("{\"note\":\"\\u001B[0m\"}")
            .And.Contain("DISAGREES with the ledger: entry ").And.Contain(": event \"\\u001b[31mverified\" is not part of the state machine");
    }

    private static Task<ProcessResult> RunAsync(params string[] arguments) =>
        ProcessRunner.RunAsync(McpGateCli.DotNet, [McpGateCli.AssemblyPath, .. arguments], TimeSpan.FromSeconds(90), null, workingDirectory: "/");
}
