using McpGate.Core.Cluster;

namespace McpGate.Core.Reads;

/// <summary>What a read acts on, once a kind given as text is resolved through discovery.</summary>
public sealed record ReadTarget
{
    /// <summary>The object or collection; the namespace is null for cluster-scoped kinds and for reads across namespaces.</summary>
    public required ResourceRef Ref { get; init; }

    /// <summary>The kind (<c>Deployment</c>), for messages.</summary>
    public required string Kind { get; init; }

    public required bool Namespaced { get; init; }

    /// <summary>The namespace the call gave for a cluster-scoped kind, which the read ignored; null otherwise.</summary>
    public string? IgnoredNamespace { get; init; }

    /// <summary>A sentence for the answer when the call gave a namespace to a cluster-scoped kind; empty otherwise.</summary>
    public string IgnoredNamespaceNote =>
        IgnoredNamespace is { } ns ? $"Note: {Kind} is cluster-scoped; namespace {ns} was ignored.\n" : string.Empty;

    /// <summary>The manifest's fixed resource, or the kind the call named resolved through discovery.</summary>
    public static async Task<ReadTarget> ResolveAsync(ReadRequest request, ReadContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var operation = request.Operation;
        if (operation.Kind is not { } kind)
        {
            // A manifest names a namespace (a template, perhaps of an optional parameter) for namespaced resources only.
            var fixedRef = operation.Target;
            return new ReadTarget { Ref = fixedRef, Kind = KindOf(fixedRef.Resource), Namespaced = request.Manifest.Operation.Namespace is not null };
        }

        var served = await KindResolver.ResolveAsync(context.Cluster, kind, operation.ApiVersion, cancellationToken).ConfigureAwait(false);
        return new ReadTarget
        {
            Ref = served.ToRef(operation.Target.Namespace, operation.Target.Name),
            Kind = served.Kind,
            Namespaced = served.Namespaced,
            IgnoredNamespace = served.Namespaced ? null : operation.Target.Namespace,
        };
    }

    /// <summary>A readable singular for a fixed plural: <c>deployments</c> to <c>deployment</c>.</summary>
    private static string KindOf(string resource) =>
        resource.EndsWith("ies", StringComparison.Ordinal) ? resource[..^3] + "y"
        : resource.EndsWith("sses", StringComparison.Ordinal) ? resource[..^2]
        : resource.EndsWith('s') ? resource[..^1]
        : resource;
}
