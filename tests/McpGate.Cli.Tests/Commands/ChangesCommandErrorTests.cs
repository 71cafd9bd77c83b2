namespace McpGate.Cli.Tests.Commands;

/// <summary>Bad values for <c>changes list</c> and <c>changes show</c>: exit 2, one line naming the option and its rule, nothing on stdout.</summary>
public sealed class ChangesCommandErrorTests
{
    private const string States = "proposed, proven, denied, pending_approval, approved, waiting, rejected, expired, cancelled, executing, executed, failed, verifying, verified, verification_failed";

    public static TheoryData<string[], string> BadValues => new()
    {
        { ["--state", "Verified"], $"--state: \"Verified\" is not a change state; use one of {States} (several separated by commas)" },
        { ["--state", "verified "], "--state: \"verified \" is not a change state" },
        { ["--state", "verified,"], "--state: \"\" is not a change state" },
        { ["--state", "on_hold"], "--state: \"on_hold\" is not a change state" },
        { ["--tool", "Scale_Deployment"], "--tool: \"Scale_Deployment\" is not a tool name (a lower-case letter, then up to 63 lower-case letters, digits and _, e.g. scale_deployment)" },
        { ["--tool", "scale_deployment\n"], "--tool: \"scale_deployment\\u000A\" is not a tool name" },
        { ["--namespace", "Demo"], "--namespace: \"Demo\" is not a Kubernetes namespace name (1-63 lower-case letters, digits and -, starting and ending with a letter or digit)" },
        { ["--namespace", "demo-"], "--namespace: \"demo-\" is not a Kubernetes namespace name" },
        { ["--requester", "al ice"], "--requester: \"al ice\" must be 1-128 ASCII letters, digits and . _ @ -" },
        { ["--approver", "bob\u001b[2J"], "--approver: \"bob\\u001B[2J\" must be 1-128 ASCII letters" },
        { ["--since", "yesterday"], "--since: \"yesterday\" must be an ISO 8601 time with an offset (2026-11-30T14:00:00Z, 2026-11-30T15:00:00+01:00) or a duration before now (a number and one of s, m, h, d, w: 90m, 24h, 7d)" },
        { ["--since", "2026-11-30T10:00:00"], "--since: \"2026-11-30T10:00:00\" must be an ISO 8601 time with an offset" },
        { ["--since", "2026-11-30"], "--since: \"2026-11-30\" must be an ISO 8601 time with an offset" },
        { ["--since", "24"], "--since: \"24\" must be an ISO 8601 time" },
        { ["--until", "5y"], "--until: \"5y\" must be an ISO 8601 time" },
        { ["--until", "-1h"], "--until: \"-1h\" must be an ISO 8601 time" },
        { ["--since", "2026-02-30T10:00:00Z"], "--since: \"2026-02-30T10:00:00Z\" must be an ISO 8601 time" },
        { ["--since", "1h", "--until", "2h"], "--since (" },
        { ["--limit", "0"], "--limit: \"0\" must be a whole number from 1 to 10000" },
        { ["--limit", "abc"], "--limit: \"abc\" must be a whole number from 1 to 10000" },
        { ["--limit", "10001"], "--limit: \"10001\" must be a whole number from 1 to 10000" },
        { ["--limit", "+5"], "--limit: \"+5\" must be a whole number" },
    };

    [Theory]
    [MemberData(nameof(BadValues))]
    public async Task List_BadValue_NamesTheOptionAndItsRule(string[] arguments, string message)
    {
        var run = await ChangeHistoryFixture.CliFromRootAsync(["changes", "list", "--data-dir", "/nonexistent/mcpgate", .. arguments]);

        run.ExitCode.Should().Be(2, run.ToString());
        run.StandardError.Should().StartWith("mcpgate: ").And.Contain(message);
        run.StandardError.Trim().Split('\n').Should().ContainSingle("one line");
        run.StandardOutput.Should().BeEmpty();
    }

    [Fact]
    public async Task List_SeveralBadValues_NamesEachOne()
    {
        var run = await ChangeHistoryFixture.CliFromRootAsync("changes", "list", "--data-dir", "/nonexistent/mcpgate", "--state", "done", "--limit", "-3", "--since", "now");

        run.ExitCode.Should().Be(2, run.ToString());
        run.StandardError.Should().Contain("--state: \"done\"").And.Contain("--limit: \"-3\"").And.Contain("--since: \"now\"");
    }

    [Theory]
    [InlineData("CHG-AAAAAAAAAAAA")]
    [InlineData("chg-aaaaaaaaaaa1")]
    [InlineData("chg-aaaaaaaaaaaa\n")]
    [InlineData("../ledger.db")]
    public async Task Show_NotAChangeId_NamesTheRule(string id)
    {
        var run = await ChangeHistoryFixture.CliFromRootAsync("changes", "show", id, "--data-dir", "/nonexistent/mcpgate");

        run.ExitCode.Should().Be(2, run.ToString());
        run.StandardError.Should().StartWith("mcpgate: ID: ").And.Contain("is not a change id: expected 'chg-' followed by 12 characters a-z or 2-7");
        run.StandardOutput.Should().BeEmpty();
    }

    [Fact]
    public async Task Show_NoLedger_SaysWhereItLooked()
    {
        var run = await ChangeHistoryFixture.CliFromRootAsync("changes", "show", "chg-aaaaaaaaaaaa", "--data-dir", "/nonexistent/mcpgate");

        run.ExitCode.Should().Be(2, run.ToString());
        run.StandardError.Should().StartWith("mcpgate: no ledger at /nonexistent/mcpgate/ledger.db");
    }
}
