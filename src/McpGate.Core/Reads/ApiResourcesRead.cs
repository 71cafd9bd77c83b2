using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using McpGate.Core.Cluster;

namespace McpGate.Core.Reads;

/// <summary>
/// What the cluster serves, as <c>kubectl api-resources</c> prints it (NAME, SHORTNAMES, APIVERSION,
/// NAMESPACED, KIND, VERBS), optionally one API group, one scope or one verb only. Subresources are not listed.
/// </summary>
public sealed class ApiResourcesRead : IReadStrategy
{
    private static readonly string[] s_columns = ["NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND", "VERBS"];

    public async Task<ReadResult> ReadAsync(ReadRequest request, ReadContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var query = request.Operation.Query;
        var served = await context.Cluster.GetServedResourcesAsync(cancellationToken).ConfigureAwait(false);
        var group = query.ApiGroup is { } g ? (g is "core" ? string.Empty : g.Trim()) : null;
        if (group is { Length: > 0 } named && !served.Any(r => r.Group == named))
        {
            var near = Suggestions.Nearest(named, served.Select(r => r.Group).Where(x => x.Length > 0).Distinct(StringComparer.Ordinal));
            throw new ReadException(
                $"cluster {context.Cluster.ClusterName} serves no API group \"{named}\"." +
                (near.Count > 0 ? $" Nearest: {string.Join(", ", near)}." : string.Empty) +
                " Leave api_group out to see every group.");
        }

        var verb = query.Verb?.Trim().ToLowerInvariant();
        var rows = served
            .Where(r => !r.Resource.Contains('/', StringComparison.Ordinal))
            .Where(r => group is null || r.Group == group)
            .Where(r => query.Namespaced is not { } scoped || r.Namespaced == scoped)
            .Where(r => verb is null || r.Verbs.Contains(verb, StringComparer.Ordinal))
            .OrderBy(r => r.Group.Length == 0 ? 0 : 1)
            .ThenBy(r => r.Group, StringComparer.Ordinal)
            .ThenBy(r => r.Resource, StringComparer.Ordinal)
            .ToList();

        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{rows.Count} resources served by cluster {context.Cluster.ClusterName}{Filters(group, query.Namespaced, verb)}\n");
        if (rows.Count > 0)
        {
            text.Append(TextTable.Render(s_columns, [.. rows.Select(Row)]));
        }

        return new ReadResult
        {
            Text = text.ToString(),
            Data = new JsonObject
            {
                ["cluster"] = context.Cluster.ClusterName,
                ["resources"] = new JsonArray([.. rows.Select(Item)]),
                ["count"] = rows.Count,
            },
        };
    }

    private static IReadOnlyList<string> Row(ServedResource r) =>
    [
        r.Resource,
        string.Join(",", r.ShortNames),
        r.ApiVersion,
        r.Namespaced ? "true" : "false",
        r.Kind,
        string.Join(",", r.Verbs),
    ];

    private static JsonNode Item(ServedResource r) => new JsonObject
    {
        ["name"] = r.Resource,
        ["shortNames"] = new JsonArray([.. r.ShortNames.Select(s => (JsonNode)s)]),
        ["apiVersion"] = r.ApiVersion,
        ["group"] = r.Group,
        ["namespaced"] = r.Namespaced,
        ["kind"] = r.Kind,
        ["verbs"] = new JsonArray([.. r.Verbs.Select(v => (JsonNode)v)]),
    };

    private static string Filters(string? group, bool? namespaced, string? verb)
    {
        var parts = new List<string>();
        if (group is not null)
        {
            parts.Add(group.Length == 0 ? "in the core group" : $"in group {group}");
        }

        if (namespaced is { } scoped)
        {
            parts.Add(scoped ? "namespaced" : "cluster-scoped");
        }

        if (verb is not null)
        {
            parts.Add($"with verb {verb}");
        }

        return parts.Count == 0 ? string.Empty : $" ({string.Join(", ", parts)})";
    }
}
