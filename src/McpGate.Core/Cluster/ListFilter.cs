namespace McpGate.Core.Cluster;

/// <summary>Which items of a collection a list returns: Kubernetes label and field selector syntax.</summary>
public sealed record ListFilter
{
    /// <summary>E.g. <c>app=web,tier!=cache</c>; null for any labels.</summary>
    public string? LabelSelector { get; init; }

    /// <summary>E.g. <c>spec.nodeName=node-1,status.phase=Running</c>; null for any fields.</summary>
    public string? FieldSelector { get; init; }
}
