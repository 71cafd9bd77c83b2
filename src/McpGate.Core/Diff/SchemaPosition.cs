namespace McpGate.Core.Diff;

/// <summary>
/// Where a map sits in a Kubernetes object, as far as list-map keys and server-managed fields
/// need to know: the few API types whose lists are declared as maps.
/// </summary>
internal enum SchemaPosition
{
    /// <summary>Anywhere else: lists there are compared by index.</summary>
    Other,

    /// <summary>The object itself (any kind not listed below).</summary>
    Root,

    /// <summary>The root of a <c>Service</c>.</summary>
    ServiceRoot,

    /// <summary>The root of a <c>ServiceAccount</c>.</summary>
    ServiceAccountRoot,

    /// <summary>The object's own <c>metadata</c>.</summary>
    RootMetadata,

    /// <summary>A <c>ServiceSpec</c>.</summary>
    ServiceSpec,

    /// <summary>A <c>PodSpec</c>: any map that holds a <c>containers</c> list.</summary>
    PodSpec,

    /// <summary>An element of a PodSpec's <c>containers</c>, <c>initContainers</c> or <c>ephemeralContainers</c>.</summary>
    Container,

    /// <summary>A <c>ResourceRequirements</c> (<c>resources</c> of a container or a PodSpec).</summary>
    Resources,

    /// <summary>The <c>limits</c> or <c>requests</c> of a <c>resources</c> map: values are quantities.</summary>
    Quantities,
}
