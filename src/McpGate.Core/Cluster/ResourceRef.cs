namespace McpGate.Core.Cluster;

/// <summary>
/// Names one Kubernetes-style object (or collection, when <see cref="Name"/> is null) by
/// group, version and plural resource. Core never sees wire formats, only these names.
/// </summary>
public sealed record ResourceRef
{
    /// <summary>API group; empty for the core group ("" for pods, namespaces...).</summary>
    public required string Group { get; init; }

    public required string Version { get; init; }

    /// <summary>Plural, lower-case resource name, e.g. <c>deployments</c>.</summary>
    public required string Resource { get; init; }

    public string? Namespace { get; init; }

    public string? Name { get; init; }

    /// <summary>Group and version as Kubernetes writes them in apiVersion: <c>apps/v1</c> or <c>v1</c>.</summary>
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>The same resource with another name.</summary>
    public ResourceRef WithName(string? name) => this with { Name = name };

    /// <summary><c>namespace/name</c>, or the resource when no name is set; used in summaries.</summary>
    public override string ToString() => (Namespace, Name) switch
    {
        (null, null) => Resource,
        (null, { } n) => n,
        ({ } ns, null) => $"{ns}/{Resource}",
        ({ } ns, { } n) => $"{ns}/{n}",
    };
}
