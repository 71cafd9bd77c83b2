namespace McpGate.Sandbox.Resources;

/// <summary>A resource type served by the sandbox, with its discovery data and behaviour.</summary>
internal sealed record ResourceDefinition
{
    public static readonly IReadOnlyList<string> AllVerbs =
        ["create", "delete", "get", "list", "patch", "update", "watch"];

    public required string Group { get; init; }

    public required string Version { get; init; }

    public required string Plural { get; init; }

    public required string Singular { get; init; }

    public required string Kind { get; init; }

    public required bool Namespaced { get; init; }

    public required IResourceBehavior Behavior { get; init; }

    public IReadOnlyList<string> ShortNames { get; init; } = [];

    public IReadOnlyList<string> Categories { get; init; } = [];

    public IReadOnlyList<string> Verbs { get; init; } = AllVerbs;

    public IReadOnlyList<ISubresource> Subresources { get; init; } = [];

    public GroupVersionResource Gvr => new(Group, Version, Plural);

    public string ApiVersion => Gvr.GroupVersion;

    public string ListKind => Kind + "List";

    /// <summary>"deployments.apps" or "pods", as used in error messages.</summary>
    public string QualifiedResource => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    /// <summary>"Deployment.apps" or "Pod", as used in validation messages.</summary>
    public string QualifiedKind => Group.Length == 0 ? Kind : $"{Kind}.{Group}";

    public bool HasStatusSubresource => FindSubresource("status") is not null;

    public ISubresource? FindSubresource(string name) =>
        Subresources.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.Ordinal));

    public bool Supports(string verb) => Verbs.Contains(verb, StringComparer.Ordinal);
}
