using McpGate.Core.Cluster;

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

    /// <summary>The resource as written when it names parameters (<c>apps/v1/{kind}</c>); null when fixed.</summary>
    public string? ResourceTemplate { get; init; }

    /// <summary>Every resource the operation may act on (one unless <see cref="ResourceTemplate"/> is set); namespace and name unset.</summary>
    public IReadOnlyList<ResourceRef> Resources { get; init; } = [];

    /// <summary>Namespace template; null for cluster-scoped resources.</summary>
    public string? Namespace { get; init; }

    /// <summary>Name template; null for <see cref="OperationAction.List"/>.</summary>
    public string? Name { get; init; }

    public IReadOnlyList<OperationField> Fields { get; init; } = [];

    /// <summary>For patches: how the fields are sent (a strategic merge patch when a field selects a list element).</summary>
    public PatchType PatchType { get; init; } = PatchType.Merge;

    /// <summary>
    /// For <see cref="OperationAction.Delete"/>: <c>background</c>, <c>foreground</c>, <c>orphan</c>, or a
    /// <c>{parameter}</c> placeholder over an enum of those; null means background.
    /// </summary>
    public string? Propagation { get; init; }
    /// <summary>For <see cref="OperationAction.RolloutUndo"/>: the integer parameter naming the revision to go back to (<c>operation.revision: '{to_revision}'</c>); null: the previous one.</summary>
    public string? RevisionParameter { get; init; }

    /// <summary>
    /// For a patch taken from a body: the enum parameter naming its type (<c>patch: '{patch_type}'</c>,
    /// values merge, strategic, json); null when <see cref="PatchType"/> is fixed.
    /// </summary>
    public string? PatchTypeParameter { get; init; }

    /// <summary>
    /// The required string parameter that carries the content the agent sends (<c>body: '{manifest}'</c>):
    /// the objects of an <see cref="OperationAction.Apply"/>, or a patch document; null when the
    /// operation sets <see cref="Fields"/>. An apply has no resource or name of its own (empty
    /// <see cref="Resource"/>): each object's kind and name come from the body.
    /// </summary>
    public string? Body { get; init; }

    /// <summary>
    /// For reads: the kind (or plural, singular, short name, <c>kind.group</c>) template resolved through
    /// discovery at call time (<c>operation.kind: '{kind}'</c>), instead of a fixed resource; null otherwise.
    /// </summary>
    public string? Kind { get; init; }

    /// <summary>For reads with <see cref="Kind"/>: the optional apiVersion template that narrows it (<c>apps/v1</c>).</summary>
    public string? ApiVersion { get; init; }

    /// <summary>For reads: each option's template (<c>operation.query</c>): a whole <c>{parameter}</c> or a literal.</summary>
    public IReadOnlyDictionary<ReadOption, string> Query { get; init; } = new Dictionary<ReadOption, string>();

    /// <summary>Whether the action changes the cluster.</summary>
    public bool Writes => !Action.IsRead();
}
