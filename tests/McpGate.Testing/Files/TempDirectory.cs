namespace McpGate.Testing.Files;

/// <summary>A fresh folder under the system temp directory, deleted on dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory(string prefix = "mcpgate-test-") => Path = Directory.CreateTempSubdirectory(prefix).FullName;

    public string Path { get; }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    /// <summary>Writes a file (creating its folders) and returns its full path.</summary>
    public string Write(string relativePath, string content)
    {
        var full = Combine(relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
        return full;
    }

    /// <summary>A copy of the shipped policies plus, optionally, extra YAML files.</summary>
    public string CopyPolicies(params (string FileName, string Yaml)[] extra)
    {
        var target = Directory.CreateDirectory(Combine("policies")).FullName;
        foreach (var file in Directory.EnumerateFiles(RepoPaths.Policies, "*.yaml"))
        {
            File.Copy(file, System.IO.Path.Combine(target, System.IO.Path.GetFileName(file)));
        }

        foreach (var (name, yaml) in extra)
        {
            File.WriteAllText(System.IO.Path.Combine(target, name), yaml);
        }

        return target;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A process may still hold a file for a moment; the OS cleans temp folders.
        }
    }
}
