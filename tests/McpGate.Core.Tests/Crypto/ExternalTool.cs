using System.Diagnostics;

namespace McpGate.Core.Tests.Crypto;

/// <summary>Runs an independent tool (openssl, node) with an argument list and a timeout.</summary>
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

    public static async Task<ExternalToolResult> RunAsync(string name, IEnumerable<string> arguments, TimeSpan? timeout = null)
    {
        var fileName = Find(name) ?? throw new InvalidOperationException($"{name} is not on PATH");
        var startInfo = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"could not start {name}");
        using var cts = new CancellationTokenSource(timeout ?? s_defaultTimeout);
        var stdout = process.StandardOutput.ReadToEndAsync(cts.Token);
        var stderr = process.StandardError.ReadToEndAsync(cts.Token);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{name} did not finish within {timeout ?? s_defaultTimeout}");
        }

        return new ExternalToolResult(process.ExitCode, await stdout, await stderr);
    }
}
