namespace McpGate.Testing.Files;

/// <summary>Finds the repository's folders from a test's output directory.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> s_root = new(FindRoot);

    public static string Root => s_root.Value;

    public static string Manifests => Path.Combine(Root, "tool-manifests");

    public static string Policies => Path.Combine(Root, "policies");

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
