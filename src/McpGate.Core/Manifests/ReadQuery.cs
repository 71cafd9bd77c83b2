namespace McpGate.Core.Manifests;

/// <summary>A read tool call's options (<c>operation.query</c>), placeholders filled in; null where the call gave none.</summary>
public sealed record ReadQuery
{
    public static ReadQuery None { get; } = new();

    public string? LabelSelector { get; init; }

    public string? FieldSelector { get; init; }

    public int? Limit { get; init; }

    public string? Continue { get; init; }

    public string? Container { get; init; }

    public bool Previous { get; init; }

    public int? TailLines { get; init; }

    public int? SinceSeconds { get; init; }

    public int? LimitBytes { get; init; }

    public string? Field { get; init; }

    public int? Revision { get; init; }

    public string? InvolvedKind { get; init; }

    public string? InvolvedName { get; init; }

    public string? ApiGroup { get; init; }

    public bool? Namespaced { get; init; }

    public string? Verb { get; init; }
}
