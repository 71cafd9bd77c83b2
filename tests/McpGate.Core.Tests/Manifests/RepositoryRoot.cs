namespace McpGate.Core.Tests.Manifests;

/// <summary>The checkout's root (the folder holding McpGate.sln), found from the test binaries.</summary>
internal static class RepositoryRoot
{
    public static string Path { get; } = Find();

    public static string Combine(string relative) => System.IO.Path.Combine(Path, relative);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "McpGate.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"McpGate.sln not found above {AppContext.BaseDirectory}.");
    }
}
