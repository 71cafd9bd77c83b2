namespace McpGate.Kubernetes.Diagnostics;

/// <summary>One permission the tools need: a verb on a resource (and subresource) in an API group.</summary>
public sealed record ClusterAccessRequirement(string Verb, string Group, string Resource, string? Subresource = null)
{
    /// <summary>What the shipped tools do: read deployments, patch them and their scale subresource.</summary>
    public static IReadOnlyList<ClusterAccessRequirement> ToolDefaults { get; } =
    [
        new("get", "apps", "deployments"),
        new("list", "apps", "deployments"),
        new("patch", "apps", "deployments"),
        new("patch", "apps", "deployments", "scale"),
    ];

    public override string ToString() =>
        $"{Verb} {(Group.Length == 0 ? string.Empty : Group + "/")}{Resource}{(Subresource is null ? string.Empty : "/" + Subresource)}";
}
