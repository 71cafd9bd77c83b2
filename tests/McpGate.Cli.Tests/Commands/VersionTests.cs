using System.Text.RegularExpressions;
using McpGate.Testing.Files;
using McpGate.Testing.Processes;

namespace McpGate.Cli.Tests.Commands;

/// <summary>One version, from one place: the binary, the docs and the build file agree.</summary>
public sealed partial class VersionTests
{
    [Fact]
    public async Task Version_PrintedByTheBinary_IsTheBuildFilesAndTheDocsShowIt()
    {
        var props = await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, "Directory.Build.props"));
        var version = VersionElement().Match(props).Groups[1].Value;
        version.Should().MatchRegex(@"^\d+\.\d+\.\d+$", "Directory.Build.props sets <Version>");

        var run = await McpGateCli.RunAsync(["--version"]);

        run.ExitCode.Should().Be(0, run.ToString());
        run.StandardOutput.Trim().Should().StartWith(version + "+", "the version and the commit");
        (await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, "docs", "cli.md"))).Should().Contain($"e.g. `{version}+");
        foreach (var doc in Directory.EnumerateFiles(Path.Combine(RepoPaths.Root, "docs"), "*.md").Append(Path.Combine(RepoPaths.Root, "README.md")))
        {
            foreach (Match other in VersionMention().Matches(await File.ReadAllTextAsync(doc)))
            {
                other.Groups[1].Value.Should().Be(version, $"{doc} names McpGate's version");
            }
        }
    }

    [GeneratedRegex(@"<Version>([^<]+)</Version>")]
    private static partial Regex VersionElement();

    /// <summary>A version the docs give for McpGate itself: "mcpgate 1.2.3" or "McpGate v1.2.3".</summary>
    [GeneratedRegex(@"\b[Mm]cp[Gg]ate v?(\d+\.\d+\.\d+)\b")]
    private static partial Regex VersionMention();
}
