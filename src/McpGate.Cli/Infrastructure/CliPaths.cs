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
