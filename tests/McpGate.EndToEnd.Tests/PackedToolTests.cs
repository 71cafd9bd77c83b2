using McpGate.Testing.Files;
using McpGate.Testing.Processes;

namespace McpGate.EndToEnd.Tests;

/// <summary>
/// <c>mcpgate</c> shipped as a .NET tool: packed from the built CLI, installed from a local folder
/// into a private tool path with no other package source, and run from a folder far from the
/// repository, so that it can only use the manifests and policy shipped inside the package.
/// </summary>
public sealed class PackedToolTests : IDisposable
{
    private static readonly TimeSpan s_step = TimeSpan.FromMinutes(4);
    private readonly TempDirectory _temp = new("mcpgate-tool-");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task PackedTool_InstalledFromAFolder_RunsTheDemoWithItsShippedManifestsAndPolicy()
    {
        var feed = _temp.Combine("feed");
        var tools = _temp.Combine("tools");
        var elsewhere = Directory.CreateDirectory(_temp.Combine("elsewhere")).FullName;
        var config = _temp.Combine("nuget.config");
        await File.WriteAllTextAsync(config, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration><packageSources><clear /><add key="local" value="{feed}" /></packageSources></configuration>
            """);

        var pack = await ProcessRunner.RunAsync("dotnet", ["pack", Path.Combine(RepoPaths.Root, "src", "McpGate.Cli"), "--no-build", "-c", Configuration, "-o", feed, "-nologo"], s_step);
        pack.ExitCode.Should().Be(0, pack.ToString());
        // A private package cache: the shared one would keep an older build of the same version.
        var install = await ProcessRunner.RunAsync("dotnet", ["tool", "install", "--tool-path", tools, "--configfile", config, "McpGate.Cli"], s_step,
            new Dictionary<string, string?> { ["NUGET_PACKAGES"] = _temp.Combine("packages") }, elsewhere);
        install.ExitCode.Should().Be(0, install.ToString());
        var mcpgate = Path.Combine(tools, "mcpgate");

        var version = await ProcessRunner.RunAsync(mcpgate, ["--version"], s_step, workingDirectory: elsewhere);
        var demo = await ProcessRunner.RunAsync(mcpgate, ["demo", "--dir", _temp.Combine("demo")], s_step, workingDirectory: elsewhere);
        var verify = await ProcessRunner.RunAsync(mcpgate, ["ledger", "verify", "--data-dir", _temp.Combine("demo", "data")], s_step, workingDirectory: elsewhere);

        version.ExitCode.Should().Be(0, version.ToString());
        version.StandardOutput.Should().MatchRegex(@"^\d+\.\d+\.\d+");
        demo.ExitCode.Should().Be(0, demo.ToString());
        demo.StandardOutput.Should().Contain("verified");
        Directory.EnumerateFiles(elsewhere, "*", SearchOption.AllDirectories).Should().BeEmpty("the tool found its manifests and policy in its own package");
        verify.ExitCode.Should().Be(0, verify.ToString());
        verify.StandardOutput.Should().StartWith("ledger OK: ");
    }

    /// <summary>The configuration the test projects were built in; the CLI is packed from that build.</summary>
    private static string Configuration =>
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
}
