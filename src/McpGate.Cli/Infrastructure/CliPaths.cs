using McpGate.Core.Storage;

namespace McpGate.Cli.Infrastructure;

/// <summary>
/// Finds the tool manifests and policies: the option, else an environment variable, else the
/// folder in the current directory, else the copy shipped beside the executable.
/// </summary>
internal static class CliPaths
{
    public const string ManifestsFolder = "tool-manifests";
    public const string PoliciesFolder = "policies";

    public static string Manifests(string? option) => Resolve(option, "MCPGATE_MANIFESTS", ManifestsFolder);

    public static string Policies(string? option) => Resolve(option, "MCPGATE_POLICIES", PoliciesFolder);

    /// <summary>
    /// The policy to check a decision on a change against, and why that one: the option, else
    /// <c>$MCPGATE_POLICIES</c>, else the policy the gate serving this data directory recorded
    /// (the one for the change's cluster, or the only one), else the folder in the current
    /// directory, else the shipped copy. Run from any directory, the CLI then reads the policy
    /// the gate executes with.
    /// </summary>
    public static (string Path, string Source) PoliciesForDecision(string? option, DataDirectory directory, string? clusterId)
    {
        if (!string.IsNullOrWhiteSpace(option))
        {
            return (Path.GetFullPath(option), "--policies");
        }

        if (Environment.GetEnvironmentVariable("MCPGATE_POLICIES") is { Length: > 0 } fromEnvironment)
        {
            return (Path.GetFullPath(fromEnvironment), "$MCPGATE_POLICIES");
        }

        var records = GateRecord.ReadAll(directory).Where(r => Directory.Exists(r.PoliciesPath)).ToList();
        var record = records.FirstOrDefault(r => r.ClusterId == clusterId) ?? (records.Count == 1 ? records[0] : null);
        if (record is not null)
        {
            return (record.PoliciesPath, record.Description);
        }

        var local = Path.GetFullPath(PoliciesFolder);
        return Directory.Exists(local)
            ? (local, "the current directory's policies/ (no gate has recorded its policy in this data directory)")
            : (Path.Combine(AppContext.BaseDirectory, PoliciesFolder), "the copy shipped with mcpgate (no gate has recorded its policy in this data directory)");
    }

    /// <summary>
    /// For <c>serve --attach</c>: the manifests and policy to propose with. An option or environment
    /// variable wins; otherwise the paths the executing gate recorded in the data directory (when
    /// exactly one gate did), so that an IDE's entry needs only the cluster and the data directory;
    /// otherwise the usual resolution.
    /// </summary>
    public static (string Manifests, string Policies, string? Source) ForAttach(string? manifestsOption, string? policiesOption, DataDirectory directory)
    {
        var records = GateRecord.ReadAll(directory).Where(r => Directory.Exists(r.PoliciesPath) && Directory.Exists(r.ManifestsPath)).ToList();
        var record = records.Count == 1 ? records[0] : null;
        var manifestsGiven = !string.IsNullOrWhiteSpace(manifestsOption) || Environment.GetEnvironmentVariable("MCPGATE_MANIFESTS") is { Length: > 0 };
        var policiesGiven = !string.IsNullOrWhiteSpace(policiesOption) || Environment.GetEnvironmentVariable("MCPGATE_POLICIES") is { Length: > 0 };
        return (
            manifestsGiven || record is null ? Manifests(manifestsOption) : record.ManifestsPath,
            policiesGiven || record is null ? Policies(policiesOption) : record.PoliciesPath,
            record is not null && !(manifestsGiven && policiesGiven) ? record.Description : null);
    }

    /// <summary>The policy files a directory holds, as <c>policy</c> loading reads them, for messages.</summary>
    public static string PolicyFiles(string directory) =>
        Directory.Exists(directory)
            ? string.Join(", ", Directory.EnumerateFiles(directory)
                .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal))
                .Where(f => !string.Equals(Path.GetFileName(f), Core.Tokens.AgentTokenFile.FileName, StringComparison.Ordinal))
                .Order(StringComparer.Ordinal))
            : $"{directory} (missing)";

    private static string Resolve(string? option, string variable, string folder)
    {
        if (!string.IsNullOrWhiteSpace(option))
        {
            return Path.GetFullPath(option);
        }

        var fromEnvironment = Environment.GetEnvironmentVariable(variable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return Path.GetFullPath(fromEnvironment);
        }

        var local = Path.GetFullPath(folder);
        return Directory.Exists(local) ? local : Path.Combine(AppContext.BaseDirectory, folder);
    }
}
