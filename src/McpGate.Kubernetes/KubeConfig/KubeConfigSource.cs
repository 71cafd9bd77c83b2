namespace McpGate.Kubernetes.KubeConfig;

/// <summary>Where an entry came from: the file and the entry's path in it (<c>users[1]</c>).</summary>
public readonly record struct KubeConfigSource(string File, string Path)
{
    /// <summary>Formats an error about <paramref name="field"/> of this entry.</summary>
    public string Describe(string field, string rule) =>
        field.Length == 0 ? $"kubeconfig {File}: {Path} {rule}" : $"kubeconfig {File}: {Path}.{field} {rule}";

    public override string ToString() => $"{File}: {Path}";
}
