using System.Text.Json.Nodes;
using McpGate.Core.Cluster;
using McpGate.Core.Reads.Views;

namespace McpGate.Core.Reads;

/// <summary>Reads shared by strategies: one object that must exist, with a helpful answer when it does not.</summary>
public static class ReadObjects
{
    /// <exception cref="ReadException">The object does not exist; the message names the nearest that do.</exception>
    public static async Task<JsonObject> GetAsync(IClusterReader cluster, ReadTarget target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(target);
        if (target.Namespaced && target.Ref.Namespace is null)
        {
            throw new ReadException($"{target.Kind} objects live in namespaces: give the namespace of {target.Ref.Name}.");
        }

        return await cluster.GetAsync(target.Ref, cancellationToken).ConfigureAwait(false)
            ?? throw new ReadException(await NotFoundAsync(cluster, target, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>"web-fronted was not found in namespace shop; similar: web-frontend", or what the namespace holds, or that the namespace is missing.</summary>
    public static async Task<string> NotFoundAsync(IClusterReader cluster, ReadTarget target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(target);
        var r = target.Ref;
        var where = r.Namespace is { } ns ? $" in namespace {ns}" : string.Empty;
        var message = $"{target.Kind} {r.Name} was not found{where} on cluster {cluster.ClusterName}.";
        try
        {
            var list = await cluster.ListAsync(r with { Name = null }, new ListQuery { Limit = ReadLimits.MaxListItems }, cancellationToken).ConfigureAwait(false);
            var names = ObjectFields.Objects(list["items"]).Select(ObjectFields.Name).ToList();
            if (names.Count == 0 && r.Namespace is { } missing && await NamespaceMissingAsync(cluster, missing, cancellationToken).ConfigureAwait(false))
            {
                return $"{message} Namespace {missing} does not exist either; the namespaces_list tool lists what exists.";
            }

            var near = Suggestions.Nearest(r.Name ?? string.Empty, names);
            return near.Count > 0 ? $"{message} Similar names{where}: {string.Join(", ", near)}."
                : names.Count == 0 ? $"{message} There are no {r.Resource}{where}."
                : $"{message} {names.Count} {r.Resource} exist{where}, none with a similar name; list them to see which.";
        }
        catch (ClusterException)
        {
            // Listing may be forbidden where getting is allowed: the plain answer still helps.
            return message;
        }
    }

    /// <summary>True only when the cluster says the namespace is not there (404); any failure reads as "not known to be missing".</summary>
    public static async Task<bool> NamespaceMissingAsync(IClusterReader cluster, string ns, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        try
        {
            return await cluster.GetAsync(new ResourceRef { Group = string.Empty, Version = "v1", Resource = "namespaces", Name = ns }, cancellationToken).ConfigureAwait(false) is null;
        }
        catch (ClusterException)
        {
            return false;
        }
    }
}
