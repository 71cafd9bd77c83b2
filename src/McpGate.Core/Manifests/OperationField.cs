namespace McpGate.Core.Manifests;

/// <summary>
/// One field the operation sets: a dotted JSON path in the object and a value template.
/// A template that is exactly one placeholder (<c>'{replicas}'</c>) keeps the parameter's
/// type; any other template with placeholders yields a string; a template without
/// placeholders is the literal <see cref="Literal"/> (typed as YAML wrote it).
/// </summary>
public sealed record OperationField
{
    public required string Path { get; init; }

    public required string Template { get; init; }

    /// <summary>Whether the path selects a list element (<c>containers[name={container}]</c>).</summary>
    public bool SelectsElement { get; init; }

    /// <summary>The typed value when <see cref="Template"/> holds no placeholder; otherwise null.</summary>
    public object? Literal { get; init; }
}
