namespace McpGate.Adversarial.Tests.Terminal;

/// <summary>
/// <c>approvals list</c> on narrow terminals: a change id is what an operator copies into
/// <c>approvals approve</c>, so it is never split across lines, whatever else wraps.
/// </summary>
public sealed class ListWidthTests
{
    [Fact]
    public async Task List_NarrowTerminals_ChangeIdsStayWholeOnOneLine()
    {
        await using var gate = await TerminalGate.StartAsync();
        var first = await gate.Harness.ProposeScaleAsync(4);
        var second = await gate.Harness.ProposeScaleAsync(5, name: "api");

        foreach (var columns in new[] { 40, 60, 80, 100, 119, 120, 134, 200 })
        {
            var run = await TerminalGate.CliAsync(["approvals", "list", "--data-dir", gate.DataDir], new Dictionary<string, string?> { ["COLUMNS"] = columns.ToString(System.Globalization.CultureInfo.InvariantCulture) });

            run.ExitCode.Should().Be(0, run.ToString());
            var lines = run.StandardOutput.Split('\n');
            foreach (var id in new[] { first.Id, second.Id })
            {
                lines.Should().ContainSingle(l => l.Contains(id, StringComparison.Ordinal), $"at {columns} columns the id {id} must be on one line:\n{run.StandardOutput}");
            }

            lines.Should().OnlyContain(l => l.TrimEnd().Length <= Math.Max(columns, 50), $"the list fits {columns} columns (a block's first line is at most id, state and count)");
            run.StandardOutput.Should().Contain("demo/web").And.Contain("demo/api");
        }
    }

    [Theory]
    [InlineData("19")]
    [InlineData("abc")]
    [InlineData("-80")]
    [InlineData("")]
    public async Task List_UnusableColumns_FallsBackToTheWidePipeWidth(string columns)
    {
        await using var gate = await TerminalGate.StartAsync();
        var change = await gate.Harness.ProposeScaleAsync(4);

        var run = await TerminalGate.CliAsync(["approvals", "list", "--data-dir", gate.DataDir], new Dictionary<string, string?> { ["COLUMNS"] = columns });

        run.ExitCode.Should().Be(0, run.ToString());
        run.StandardOutput.Split('\n').Should().ContainSingle(l => l.Contains(change.Id, StringComparison.Ordinal) && l.Contains("demo/web", StringComparison.Ordinal),
            "at the pipe's 200 columns the whole row is one line");
    }
}
