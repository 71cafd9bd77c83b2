namespace McpGate.Testing.Files;

/// <summary>Finds the repository's folders from a test's output directory.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> s_root = new(FindRoot);

    public static string Root => s_root.Value;

    public static string Manifests => Path.Combine(Root, "tool-manifests");

    public static string Policies => Path.Combine(Root, "policies");

    /// <summary>
    /// Where the value of the first line starting with <paramref name="linePrefix"/> stands in a
    /// shipped manifest, as the loader reports it: <c>scale_deployment.yaml:63:11</c>. Tests find
    /// it rather than pin it, so a comment added to the manifest does not break them.
    /// </summary>
    public static string ManifestLocation(string fileName, string linePrefix)
    {
        var lines = File.ReadAllLines(Path.Combine(Manifests, fileName));
        var index = Array.FindIndex(lines, l => l.StartsWith(linePrefix, StringComparison.Ordinal));
        return index < 0
            ? throw new InvalidOperationException($"{fileName} has no line starting with '{linePrefix}'")
            : $"{fileName}:{index + 1}:{linePrefix.Length + 1}";
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "McpGate.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"McpGate.sln not found above {AppContext.BaseDirectory}");
    }
}
