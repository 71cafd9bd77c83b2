using System.Collections.Frozen;

namespace McpGate.Kubernetes.KubeConfig;

/// <summary>Reads kubeconfig files and merges them the way kubectl merges <c>KUBECONFIG</c>.</summary>
public static class KubeConfigLoader
{
    /// <summary>
    /// Loads one file, or a <see cref="Path.PathSeparator"/>-separated list of files merged by
    /// entry name with the first file winning. In a list, missing files are skipped (as kubectl
    /// does) unless none exists; a single path must exist.
    /// </summary>
    /// <exception cref="KubeConfigException">A file is missing, unreadable or invalid.</exception>
    public static KubeConfiguration Load(string pathOrList)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pathOrList);
        var paths = pathOrList.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => Path.GetFullPath(p))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var existing = paths.Count == 1 ? paths : paths.Where(File.Exists).ToList();
        if (existing.Count == 0)
        {
            throw new KubeConfigException([$"kubeconfig: none of the files exists: {string.Join(", ", paths)}"]);
        }

        return Merge(existing.Select(ReadFile).ToList());
    }

    /// <summary>
    /// What kubectl would read: <c>KUBECONFIG</c> (a list) when set, else <c>~/.kube/config</c>;
    /// null when neither is there.
    /// </summary>
    public static string? DefaultPath(Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        if (environment("KUBECONFIG") is { Length: > 0 } list)
        {
            return list;
        }

        var home = environment("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var path = Path.Combine(home, ".kube", "config");
        return File.Exists(path) ? path : null;
    }

    /// <summary>Parses kubeconfig YAML already in memory; relative paths resolve against <paramref name="baseDirectory"/>.</summary>
    public static KubeConfiguration Parse(string yaml, string sourceName, string baseDirectory)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentNullException.ThrowIfNull(sourceName);
        ArgumentNullException.ThrowIfNull(baseDirectory);
        return Merge([KubeConfigParser.Parse(yaml, sourceName, baseDirectory)]);
    }

    private static KubeConfigFile ReadFile(string path)
    {
        string yaml;
        try
        {
            yaml = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new KubeConfigException([$"kubeconfig {path}: cannot be read: {ex.Message}"], ex);
        }

        return KubeConfigParser.Parse(yaml, path, Path.GetDirectoryName(path) ?? Directory.GetCurrentDirectory());
    }

    private static KubeConfiguration Merge(IReadOnlyList<KubeConfigFile> files)
    {
        var clusters = new Dictionary<string, KubeClusterEntry>(StringComparer.Ordinal);
        var users = new Dictionary<string, KubeUserEntry>(StringComparer.Ordinal);
        var contexts = new Dictionary<string, KubeContextEntry>(StringComparer.Ordinal);
        var invalid = new Dictionary<(KubeConfigEntryKind, string), KubeConfigEntryError>();
        string? current = null;
        foreach (var file in files)
        {
            // An entry that failed to parse still claims its name: a later file does not replace it.
            foreach (var entry in file.InvalidEntries)
            {
                var taken = entry.Kind switch
                {
                    KubeConfigEntryKind.Cluster => clusters.ContainsKey(entry.Name),
                    KubeConfigEntryKind.User => users.ContainsKey(entry.Name),
                    _ => contexts.ContainsKey(entry.Name),
                };
                if (!taken)
                {
                    invalid.TryAdd((entry.Kind, entry.Name), entry);
                }
            }

            foreach (var cluster in file.Clusters)
            {
                if (!invalid.ContainsKey((KubeConfigEntryKind.Cluster, cluster.Name)))
                {
                    clusters.TryAdd(cluster.Name, cluster);
                }
            }

            foreach (var user in file.Users)
            {
                if (!invalid.ContainsKey((KubeConfigEntryKind.User, user.Name)))
                {
                    users.TryAdd(user.Name, user);
                }
            }

            foreach (var context in file.Contexts)
            {
                if (!invalid.ContainsKey((KubeConfigEntryKind.Context, context.Name)))
                {
                    contexts.TryAdd(context.Name, context);
                }
            }

            if (string.IsNullOrEmpty(current))
            {
                current = file.CurrentContext;
            }
        }

        return new KubeConfiguration
        {
            Clusters = clusters.ToFrozenDictionary(StringComparer.Ordinal),
            Users = users.ToFrozenDictionary(StringComparer.Ordinal),
            Contexts = contexts.ToFrozenDictionary(StringComparer.Ordinal),
            CurrentContext = string.IsNullOrEmpty(current) ? null : current,
            InvalidEntries = invalid.Values.ToList(),
            Files = files.Select(f => f.Path).ToList(),
        };
    }
}
