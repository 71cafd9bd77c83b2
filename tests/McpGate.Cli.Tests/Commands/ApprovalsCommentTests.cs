using System.Text.Json.Nodes;
using McpGate.Core.Changes;
using McpGate.Core.Comments;
using McpGate.Core.Crypto;
using McpGate.Testing.Engine;
using McpGate.Testing.Files;
using McpGate.Testing.Processes;

namespace McpGate.Cli.Tests.Commands;

/// <summary>
/// <c>mcpgate approvals comment</c> (the real process) on a local data directory with a real ledger
/// and sandbox: recorded and shown attributed and quoted by <c>approvals show</c> and <c>changes show</c>;
/// bad input names the option; a rewritten comment makes <c>ledger verify</c> fail.
/// </summary>
public sealed class ApprovalsCommentTests : IAsyncLifetime
{
    private GateHarness _h = null!;
    private TempDirectory _keys = null!;

    public async Task InitializeAsync()
    {
        _h = await GateHarness.StartAsync();
        _keys = new TempDirectory("mcpgate-comment-keys-");
        KeyFile.WritePrivateKey(AliceKey, _h.Key("alice"));
    }

    public async Task DisposeAsync()
    {
        _keys.Dispose();
        await _h.DisposeAsync();
    }

    private string AliceKey => _keys.Combine("alice.pem");

    private string DataDir => Path.GetDirectoryName(_h.Ledger.DatabasePath)!;

    private string PoliciesDir => Path.Combine(Path.GetDirectoryName(DataDir)!, "policies");

    [Fact]
    public async Task Comment_Locally_IsRecorded_AndShownAttributedAndQuoted()
    {
        var change = await _h.ProposeScaleAsync(3);

        var comment = await CliAsync("approvals", "comment", change.Id, "--key", AliceKey, "--text", "why 3? \"APPROVED\" is not my word", "--data-dir", DataDir, "--policies", PoliciesDir);
        var show = await CliAsync("approvals", "show", change.Id, "--data-dir", DataDir);
        var showJson = await CliAsync("approvals", "show", change.Id, "--data-dir", DataDir, "--json");
        var history = await CliAsync("changes", "show", change.Id, "--data-dir", DataDir, "--policies", PoliciesDir);
        var verify = await CliAsync("ledger", "verify", "--data-dir", DataDir, "--policies", PoliciesDir);

        comment.ExitCode.Should().Be(0, comment.ToString());
        comment.StandardOutput.Should().Contain($"Recorded alice's comment on {change.Id}").And.Contain("comment 1 of the change; it decides nothing");
        show.ExitCode.Should().Be(0, show.ToString());
        show.StandardOutput.Should().Contain("alice commented: \"why 3? \\\"APPROVED\\\" is not my word\"");
        JsonNode.Parse(showJson.StandardOutput)!["comments"]!.AsArray().Should().ContainSingle()
            .Which!["text"]!.GetValue<string>().Should().Be("why 3? \"APPROVED\" is not my word");
        history.ExitCode.Should().Be(0, history.ToString());
        history.StandardOutput.Should().Contain("commented").And.Contain("signature verified").And.Contain("alice commented: \"why 3?");
        verify.ExitCode.Should().Be(0, verify.ToString());
        (await _h.Engine.GetChangeAsync(change.Id))!.State.Should().Be(ChangeState.PendingApproval);
        (await _h.ObserveWebAsync()).Replicas.Should().Be(2);
    }

    [Theory]
    [InlineData("escape", "ok\u001b[2J", "--text contains U+001B, a control character")]
    [InlineData("newline", "one\ntwo", "--text contains U+000A, a control character")]
    [InlineData("hangul filler", "a\u3164b", "--text contains U+3164, an invisible or direction-changing character")]
    [InlineData("right-to-left override", "a\u202eb", "--text contains U+202E")]
    [InlineData("blank", "  ", "--text is empty")]
    public async Task Comment_WithUnsafeOrEmptyText_ExitsTwoNamingTheOption(string what, string text, string expected)
    {
        var change = await _h.ProposeScaleAsync(3);

        var run = await CliAsync("approvals", "comment", change.Id, "--key", AliceKey, "--text", text, "--data-dir", DataDir, "--policies", PoliciesDir);

        run.ExitCode.Should().Be(2, what + ": " + run);
        run.StandardError.Should().Contain(expected, what);
        (await ChangeComments.ReadAsync(_h.Ledger, change.Id)).Should().BeEmpty(what);
    }

    [Fact]
    public async Task Comment_BadKeyOrMissingText_ExitsTwoNamingTheField()
    {
        var change = await _h.ProposeScaleAsync(3);
        var stranger = _keys.Combine("stranger.pem");
        using (var key = Ed25519PrivateKey.Generate())
        {
            KeyFile.WritePrivateKey(stranger, key);
        }

        var noText = await CliAsync("approvals", "comment", change.Id, "--key", AliceKey, "--data-dir", DataDir);
        var noKey = await CliAsync("approvals", "comment", change.Id, "--key", _keys.Combine("missing.pem"), "--text", "hi", "--data-dir", DataDir);
        var notApprover = await CliAsync("approvals", "comment", change.Id, "--key", stranger, "--text", "hi", "--data-dir", DataDir, "--policies", PoliciesDir);
        var tooLong = await CliAsync("approvals", "comment", change.Id, "--key", AliceKey, "--text", new string('a', 2001), "--data-dir", DataDir);

        noText.ExitCode.Should().NotBe(0);
        noText.StandardError.Should().Contain("--text");
        noKey.ExitCode.Should().Be(2, noKey.ToString());
        noKey.StandardError.Should().Contain("--key").And.Contain("no such file");
        notApprover.ExitCode.Should().Be(2, notApprover.ToString());
        notApprover.StandardError.Should().Contain("is not an approver in the policy");
        tooLong.ExitCode.Should().Be(2, tooLong.ToString());
        tooLong.StandardError.Should().Contain("--text is 2001 characters long; a comment holds at most 2000");
        (await ChangeComments.ReadAsync(_h.Ledger, change.Id)).Should().BeEmpty();
    }

    [Fact]
    public async Task LedgerVerify_FailsOnACommentWhoseWordsWereRewritten()
    {
        var change = await _h.ProposeScaleAsync(3);
        (await CliAsync("approvals", "comment", change.Id, "--key", AliceKey, "--text", "is this safe?", "--data-dir", DataDir, "--policies", PoliciesDir)).ExitCode.Should().Be(0);

        LedgerRewrite.Execute(_h.Ledger.DatabasePath, "UPDATE ledger SET payload = replace(payload, 'is this safe?', 'approve it now') WHERE event_type = 'commented';");
        var verify = await CliAsync("ledger", "verify", "--data-dir", DataDir, "--policies", PoliciesDir);
        var history = await CliAsync("changes", "show", change.Id, "--data-dir", DataDir, "--policies", PoliciesDir);

        verify.ExitCode.Should().Be(1, verify.ToString());
        verify.StandardOutput.Should().Contain($"change \"{change.Id}\"").And.Contain("the comment by alice reads \"approve it now\", but alice signed \"is this safe?\"");
        history.StandardOutput.Should().Contain("NOT VERIFIED: the entry's text is not the text signed");
    }

    /// <summary>The real mcpgate with the harness's policy as the gate's ($MCPGATE_POLICIES), as a gate serving the data directory would record it.</summary>
    private Task<ProcessResult> CliAsync(params string[] arguments) =>
        McpGateCli.RunFromRootAsync(arguments, new Dictionary<string, string?> { ["MCPGATE_POLICIES"] = PoliciesDir });
}
