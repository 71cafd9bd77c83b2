namespace McpGate.Core.Cluster;

/// <summary>Which items of a collection one list call returns, and from where: selectors and paging.</summary>
public sealed record ListQuery
{
    public static ListQuery All { get; } = new();

    /// <summary>E.g. <c>app=web,tier!=cache</c>; null for any labels.</summary>
    public string? LabelSelector { get; init; }

    /// <summary>E.g. <c>spec.nodeName=node-1,status.phase=Running</c>; null for any fields.</summary>
    public string? FieldSelector { get; init; }

    /// <summary>At most this many items; the answer's <c>metadata.continue</c> fetches the rest. Null: no limit.</summary>
    public int? Limit { get; init; }

    /// <summary>The continue token of the previous page.</summary>
    public string? Continue { get; init; }
}
