using System.Text.RegularExpressions;
using McpGate.Cli.Infrastructure;
using McpGate.Testing.Files;

namespace McpGate.Cli.Tests.Infrastructure;

public sealed partial class TerminalTests
{
    public static TheoryData<bool, string?, string?, bool> Streams => new()
    {
        { false, null, "xterm-256color", true },
        { true, null, "xterm-256color", false },
        { false, "1", "xterm-256color", false },
        { false, "", "xterm-256color", true },
        { false, null, "dumb", false },
        { false, null, null, true },
        { true, "1", "dumb", false },
    };

    [Theory]
    [MemberData(nameof(Streams))]
    public void MayStyle_OnlyATerminal_WithoutNoColorOrDumbTerm(bool redirected, string? noColor, string? term, bool expected)
    {
        var environment = new Dictionary<string, string?> { ["NO_COLOR"] = noColor, ["TERM"] = term };

        Terminal.MayStyle(redirected, name => environment.GetValueOrDefault(name)).Should().Be(expected);
    }

    [Fact]
    public void TerminalText_EscapesEveryInterpolatedValue_AndKeepsLiterals()
    {
        var reason = "x\u001b[2J\r\u202E";
        TerminalText text = $"literal [ok] {reason} {42:D4}";

        text.ToString().Should().Be("literal [ok] x\\u001b[2J\\u000d\\u202e 0042");
    }

    [Fact]
    public void TerminalMarkup_EscapesValuesForTheTerminalAndForMarkup()
    {
        var value = "[red]x\u001b]52;c;AA==\u0007[/]";
        TerminalMarkup markup = $"[bold]{value}[/]";

        markup.ToString().Should().Be("[bold][[red]]x\\u001b]]52;c;AA==\\u0007[[/]][/]");
    }

    [Fact]
    public void CliSources_WriteOnlyThroughTerminal()
    {
        var cli = Path.Combine(RepoPaths.Root, "src", "McpGate.Cli");
        var offenders = Directory.EnumerateFiles(cli, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && Path.GetFileName(f) != "Terminal.cs")
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: f, Line: i + 1, Text: line)))
            .Where(l => DirectOutput().IsMatch(l.Text))
            .Select(l => $"{Path.GetRelativePath(cli, l.File)}:{l.Line}: {l.Text.Trim()}")
            .ToList();

        offenders.Should().BeEmpty("every line the CLI prints must go through Terminal, which escapes untrusted text");
    }

    [GeneratedRegex(@"\bConsole\.(Out|Error|Write|WriteLine)\b|\bAnsiConsole\.(Write|Markup|MarkupLine|WriteLine|Console)\b|\bConsole\.OpenStandard")]
    private static partial Regex DirectOutput();
}
