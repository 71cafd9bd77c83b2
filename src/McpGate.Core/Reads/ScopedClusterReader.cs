using System.Text.Json.Nodes;
using McpGate.Core.Cluster;
using McpGate.Core.Policy;
using McpGate.Core.Reads.Views;

namespace McpGate.Core.Reads;

/// <summary>
/// The policy's read scope, enforced below every read strategy: a get, list or log outside the allowed
/// namespaces, of a denied resource, or of a cluster-scoped object when those are out of scope is refused
/// before any request is sent, naming the scope and where it is written. A list of namespaces keeps only
/// those in scope. Discovery and schemas are not data and pass.
/// </summary>
public sealed class ScopedClusterReader : IClusterReader
{
    private readonly IClusterReader _inner;
    private readonly ReadScope _scope;

    public ScopedClusterReader(IClusterReader inner, ReadScope scope)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(scope);
        _inner = inner;
        _scope = scope;
    }

    /// <summary>The reader itself when the scope restricts nothing, else the reader behind the scope.</summary>
    public static IClusterReader Wrap(IClusterReader reader, ReadScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return scope.IsUnrestricted ? reader : new ScopedClusterReader(reader, scope);
    }

    public string ClusterName => _inner.ClusterName;

    public async Task<JsonObject?> GetAsync(ResourceRef target, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        await CheckAsync(target, cancellationToken).ConfigureAwait(false);
        return await _inner.GetAsync(target, cancellationToken).ConfigureAwait(false);
    }

    public async Task<JsonObject> ListAsync(ResourceRef collection, ListQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(collection);
        await CheckAsync(collection with { Name = null }, cancellationToken).ConfigureAwait(false);
        var list = await _inner.ListAsync(collection, query, cancellationToken).ConfigureAwait(false);
        if (IsNamespaces(collection) && _scope.Namespaces is not null && list["items"] is JsonArray items)
        {
            // Namespace names outside the scope are not the agent's to see either.
            foreach (var item in items.OfType<JsonObject>().Where(i => !_scope.AllowsNamespace(ObjectFields.Name(i))).ToList())
            {
                items.Remove(item);
            }
        }

        return list;
    }

    public async Task<PodLog> GetLogAsync(ResourceRef pod, LogQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pod);
        await CheckAsync(pod, cancellationToken).ConfigureAwait(false);
        return await _inner.GetLogAsync(pod, query, cancellationToken).ConfigureAwait(false);
    }

    public Task<IReadOnlyList<ServedResource>> GetServedResourcesAsync(CancellationToken cancellationToken = default) =>
        _inner.GetServedResourcesAsync(cancellationToken);

    public Task<JsonObject?> GetOpenApiAsync(string apiVersion, CancellationToken cancellationToken = default) =>
        _inner.GetOpenApiAsync(apiVersion, cancellationToken);

    private async Task CheckAsync(ResourceRef target, CancellationToken cancellationToken)
    {
        var name = target.Group.Length == 0 ? target.Resource : $"{target.Resource}.{target.Group}";
        if (_scope.Denies(target.Group, target.Resource)
            || (target.Group == "metrics.k8s.io" && _scope.Denies(string.Empty, target.Resource)))
        {
            throw Refused("deny", $"{name} may not be read at all, not even their names");
        }

        if (target.Namespace is { } ns)
        {
            if (!_scope.AllowsNamespace(ns))
            {
                throw Refused("namespaces", $"namespace {ns} is outside the namespaces this agent may read ({string.Join(", ", _scope.Namespaces!)})");
            }

            return;
        }

        if (IsNamespaces(target))
        {
            if (!_scope.ClusterScoped && target.Name is null && _scope.Namespaces is null)
            {
                throw Refused("clusterScoped", "namespaces are cluster-scoped objects, which this scope does not read");
            }

            if (target.Name is { } namespaceName && !_scope.AllowsNamespace(namespaceName))
            {
                throw Refused("namespaces", $"namespace {namespaceName} is outside the namespaces this agent may read ({string.Join(", ", _scope.Namespaces!)})");
            }

            return;
        }

        // No namespace: a cluster-scoped object, or a list across every namespace.
        if (await NamespacedAsync(target, cancellationToken).ConfigureAwait(false))
        {
            if (_scope.Namespaces is not null && !_scope.Namespaces.Contains("*", StringComparer.Ordinal))
            {
                throw Refused("namespaces", $"this read spans every namespace, but the agent may read only {string.Join(", ", _scope.Namespaces)}: give one of those namespaces");
            }
        }
        else if (!_scope.ClusterScoped)
        {
            throw Refused("clusterScoped", $"{name} are cluster-scoped objects, which this scope does not read");
        }
    }

    /// <summary>From discovery (cached); a resource discovery does not list counts as namespaced, the stricter reading.</summary>
    private async Task<bool> NamespacedAsync(ResourceRef target, CancellationToken cancellationToken)
    {
        var served = await _inner.GetServedResourcesAsync(cancellationToken).ConfigureAwait(false);
        return served.FirstOrDefault(r => r.Group == target.Group && r.Resource == target.Resource) is not { Namespaced: false };
    }

    private static bool IsNamespaces(ResourceRef target) => target.Group.Length == 0 && target.Resource == "namespaces";

    private ReadException Refused(string field, string why) =>
        new($"Read refused by the policy's {_scope.Describe(field)}: {why}. Nothing was read; ask within the scope or ask the operator to widen it.");
}
