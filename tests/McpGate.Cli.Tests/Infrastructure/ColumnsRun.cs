using McpGate.Testing.Processes;

namespace McpGate.Cli.Tests.Infrastructure;

/// <summary>The real mcpgate from the root directory, laid out for a terminal this many columns wide (<c>COLUMNS</c>).</summary>
internal static class ColumnsRun
{
    public static Task<ProcessResult> FromRootAsync(int columns, params string[] arguments) =>
        ProcessRunner.RunAsync(McpGateCli.DotNet, [McpGateCli.AssemblyPath, .. arguments], TimeSpan.FromSeconds(90),
            new Dictionary<string, string?> { ["COLUMNS"] = columns.ToString(System.Globalization.CultureInfo.InvariantCulture) }, workingDirectory: "/");
}
