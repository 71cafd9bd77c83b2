using System.Diagnostics;
using System.Globalization;

namespace McpGate.Adversarial.Tests.Crash;

/// <summary>
/// Finds the running <c>mcpgate serve</c> processes of one data directory (the MCP client that
/// started them does not expose them) and kills them the way a power cut or the OOM killer does.
/// </summary>
internal static class ServerProcesses
{
    /// <summary>Ids of live processes whose command line is <c>... mcpgate.dll serve ... --data-dir DIR ...</c>.</summary>
    public static IReadOnlyList<int> Find(string dataDirectory)
    {
        var found = new List<int>();
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            string[] arguments;
            try
            {
                arguments = File.ReadAllText(Path.Combine(folder, "cmdline")).Split('\0');
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                continue; // exited while we looked
            }

            var dataDir = Array.IndexOf(arguments, "--data-dir");
            if (arguments.Contains("serve") && dataDir >= 0 && dataDir + 1 < arguments.Length
                && string.Equals(arguments[dataDir + 1], dataDirectory, StringComparison.Ordinal))
            {
                found.Add(pid);
            }
        }

        return found;
    }

    /// <summary>SIGKILL to the one server of <paramref name="dataDirectory"/> (and any child), then waits until it is gone.</summary>
    public static async Task KillAsync(string dataDirectory, CancellationToken cancellationToken)
    {
        var pids = Find(dataDirectory);
        pids.Should().ContainSingle("one server runs on {0} when it is killed", dataDirectory);
        using var server = Process.GetProcessById(pids[0]);
        server.Kill(entireProcessTree: true);
        await server.WaitForExitAsync(cancellationToken);
    }
}
