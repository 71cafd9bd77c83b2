using McpGate.Testing.Processes;

namespace McpGate.Core.Tests.Crypto;

/// <summary>Finds and runs an independent tool (openssl, node) through the shared process runner.</summary>
internal static class ExternalTool
{
    private static readonly TimeSpan s_defaultTimeout = TimeSpan.FromSeconds(30);

    public static string? Find(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, name))
            .FirstOrDefault(File.Exists);
    }

    public static Task<ProcessResult> RunAsync(string name, IEnumerable<string> arguments, TimeSpan? timeout = null) =>
        ProcessRunner.RunAsync(Find(name) ?? throw new InvalidOperationException($"{name} is not on PATH"), arguments, timeout ?? s_defaultTimeout);

    public static ProcessResult EnsureSuccess(this ProcessResult result)
    {
        result.ExitCode.Should().Be(0, "the tool failed: {0}", result.StandardError);
        return result;
    }
}
