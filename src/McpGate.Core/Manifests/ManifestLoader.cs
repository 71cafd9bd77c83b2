namespace McpGate.Core.Manifests;

/// <summary>Loads <c>tool-manifests/*.yaml</c> into a <see cref="ManifestSet"/>, or reports every error at once.</summary>
public static class ManifestLoader
{
    /// <exception cref="ManifestValidationException">Any file, or the set as a whole, is invalid.</exception>
    public static ManifestSet LoadDirectory(string dir)
    {
        ArgumentException.ThrowIfNullOrEmpty(dir);
        if (!Directory.Exists(dir))
        {
            throw new ManifestValidationException([$"{dir}: tool manifest directory not found"]);
        }

        var files = Directory.EnumerateFiles(dir)
            .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(f => (Path: f, Text: File.ReadAllText(f)))
            .ToList();
        if (files.Count == 0)
        {
            throw new ManifestValidationException([$"{dir}: no tool manifests (*.yaml, *.yml) found"]);
        }

        return Load(files);
    }

    /// <summary>Parses manifests already read into memory, in the given order.</summary>
    internal static ManifestSet Load(IReadOnlyList<(string Path, string Text)> files)
    {
        var errors = new List<string>();
        var tools = new List<ToolManifest>();
        var locations = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (path, text) in files)
        {
            if (ManifestParser.Parse(path, text, errors, out var location) is not { } manifest)
            {
                continue;
            }

            if (locations.TryGetValue(manifest.Name, out var first))
            {
                errors.Add($"{location}: name: tool {manifest.Name} is already defined at {first}");
                continue;
            }

            locations[manifest.Name] = location;
            tools.Add(manifest);
        }

        if (errors.Count > 0)
        {
            throw new ManifestValidationException(errors);
        }

        return new ManifestSet { Tools = tools };
    }
}
