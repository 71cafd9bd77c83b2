using System.Globalization;
using System.Text.Json.Nodes;

namespace McpGate.Cli.Tests.Commands;

/// <summary><c>mcpgate changes list</c>, the real process from another directory, on a real ledger: each filter, alone and combined.</summary>
public sealed class ChangesListTests(ChangeHistoryFixture history) : IClassFixture<ChangeHistoryFixture>
{
    public static TheoryData<string[], string[]> Filters => new()
    {
        { [], ["cancelled", "denied", "pending", "rejected", "verified"] },
        { ["--state", "verified"], ["verified"] },
        { ["--state", "rejected,cancelled"], ["cancelled", "rejected"] },
        { ["--state", "pending_approval", "--requester", "agent"], [] },
        { ["--tool", "apply_manifest"], ["denied"] },
        { ["--tool", "scale_deployment", "--state", "denied"], [] },
        { ["--namespace", "default"], ["denied"] },
        { ["--namespace", "demo"], ["cancelled", "pending", "rejected", "verified"] },
        { ["--requester", "other-agent"], ["pending"] },
        { ["--requester", "OTHER-AGENT"], ["pending"] },
        { ["--approver", "alice"], ["verified"] },
        { ["--approver", "bob"], ["rejected"] },
        { ["--approver", "carol"], ["cancelled"] },
        { ["--approver", "Carol", "--state", "cancelled"], ["cancelled"] },
        { ["--approver", "dave"], [] },
        { ["--since", "1h"], ["cancelled", "denied", "pending", "rejected", "verified"] },
        { ["--until", "1h"], [] },
        { ["--since", "2000-01-01T00:00:00+02:00", "--until", "2999-01-01T00:00:00Z"], ["cancelled", "denied", "pending", "rejected", "verified"] },
        { ["--since", "2999-01-01T00:00:00Z"], [] },
        { ["--limit", "2"], ["cancelled", "denied"] },
    };

    [Theory]
    [MemberData(nameof(Filters))]
    public async Task List_Filter_ListsExactlyTheMatchingChangesNewestFirst(string[] filter, string[] expected)
    {
        var run = await ChangeHistoryFixture.CliFromRootAsync(["changes", "list", "--data-dir", history.DataDir, "--json", .. filter]);

        run.ExitCode.Should().Be(0, run.ToString());
        var ids = JsonNode.Parse(run.StandardOutput)!.AsArray().Select(c => c!["id"]!.GetValue<string>()).ToList();
        var newestFirst = new[] { "cancelled", "denied", "pending", "rejected", "verified" }.Where(expected.Contains).Select(n => history.Ids[n]);
        ids.Should().Equal(newestFirst, run.ToString());
    }

    [Fact]
    public async Task List_Limit_SaysHowManyMoreMatch()
    {
        var run = await ChangeHistoryFixture.CliFromRootAsync("changes", "list", "--data-dir", history.DataDir, "--limit", "2");

        run.ExitCode.Should().Be(0, run.ToString());
        run.StandardError.Trim().Should().Be("mcpgate: showing the newest 2 of 5 matching changes; use --limit to see more.");
    }

    [Fact]
    public async Task List_Json_CarriesTheDecisionsTheLedgerRecords()
    {
        var run = await ChangeHistoryFixture.CliFromRootAsync("changes", "list", "--data-dir", history.DataDir, "--json", "--state", "rejected");

        var rejected = JsonNode.Parse(run.StandardOutput)!.AsArray().Single()!;
        rejected["state"]!.GetValue<string>().Should().Be("rejected");
        rejected["tool"]!.GetValue<string>().Should().Be("scale_deployment");
        rejected["target"]!["name"]!.GetValue<string>().Should().Be("api");
        rejected["requester"]!.GetValue<string>().Should().Be("agent");
        var decision = rejected["decisions"]!.AsArray().Single()!;
        (decision["identity"]!.GetValue<string>(), decision["decision"]!.GetValue<string>()).Should().Be(("bob", "reject"));
        DateTimeOffset.Parse(rejected["proposedAt"]!.GetValue<string>(), CultureInfo.InvariantCulture).Should().BeCloseTo(DateTimeOffset.UtcNow, TimeSpan.FromMinutes(10));
    }

    [Theory]
    [InlineData(200)]
    [InlineData(80)]
    [InlineData(40)]
    public async Task List_AnyWidth_ChangeIdsStayWhole(int columns)
    {
        var run = await Infrastructure.ColumnsRun.FromRootAsync(columns, "changes", "list", "--data-dir", history.DataDir);

        run.ExitCode.Should().Be(0, run.ToString());
        foreach (var id in history.Ids.Values)
        {
            run.StandardOutput.Should().Contain(id, $"at {columns} columns the id is printed whole");
        }

        if (columns < 120)
        {
            var lines = run.StandardOutput.Split('\n');
            foreach (var id in history.Ids.Values)
            {
                lines.Should().Contain(l => l.StartsWith(id + "  ", StringComparison.Ordinal), "a narrow terminal gets one block per change, the id first");
            }
        }
    }
}
