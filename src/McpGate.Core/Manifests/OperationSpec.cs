namespace McpGate.Core.Manifests;

/// <summary>The Kubernetes operation a tool maps to, with <c>{parameter}</c> placeholders.</summary>
public sealed record OperationSpec
{
    public required OperationAction Action { get; init; }

    /// <summary>API group; empty for the core group.</summary>
    public required string Group { get; init; }

    public required string Version { get; init; }

    /// <summary>Plural, lower-case resource, e.g. <c>deployments</c>.</summary>
    public required string Resource { get; init; }

    /// <summary>Namespace template; null for cluster-scoped resources.</summary>
    public string? Namespace { get; init; }

    /// <summary>Name template; null for <see cref="OperationAction.List"/>.</summary>
    public string? Name { get; init; }

    public IReadOnlyList<OperationField> Fields { get; init; } = [];

    /// <summary>Whether the action changes the cluster.</summary>
    public bool Writes => Action is OperationAction.Scale;
}
