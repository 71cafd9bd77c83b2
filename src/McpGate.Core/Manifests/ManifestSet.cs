namespace McpGate.Core.Manifests;

/// <summary>All tools the server exposes, in file-name order; names are unique.</summary>
public sealed record ManifestSet
{
    public required IReadOnlyList<ToolManifest> Tools { get; init; }

    public ToolManifest? Find(string name) =>
        Tools.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.Ordinal));
}
