using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using McpGate.Core.Cluster;
using McpGate.Core.Reads.Events;
using McpGate.Core.Reads.Views;

namespace McpGate.Core.Reads;

/// <summary>
/// Events of a namespace (or all) or of one involved object, as <c>kubectl events</c> lists them but folded:
/// the same object, reason and message is one line with the counts summed; warnings first, then the most
/// recent. Reads at most <see cref="MaxScanned"/> events and shows at most <c>limit</c> lines.
/// </summary>
public sealed class EventsRead : IReadStrategy
{
    /// <summary>Events read per call at most (pages of <see cref="ReadLimits.MaxListItems"/>); the answer says when more exist.</summary>
    public const int MaxScanned = 4 * ReadLimits.MaxListItems;

    private static readonly ResourceRef s_events = new() { Group = string.Empty, Version = "v1", Resource = "events" };

    public async Task<ReadResult> ReadAsync(ReadRequest request, ReadContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var query = request.Operation.Query;
        var ns = request.Operation.Target.Namespace;
        var kind = query.InvolvedKind is { Length: > 0 } asked
            ? (await KindResolver.ResolveAsync(context.Cluster, asked, null, cancellationToken).ConfigureAwait(false)).Kind
            : null;
        var name = query.InvolvedName is { Length: > 0 } n ? n : null;
        var selector = string.Join(",", new[]
        {
            kind is null ? null : $"involvedObject.kind={kind}",
            name is null ? null : $"involvedObject.name={name}",
            query.FieldSelector,
        }.Where(s => s is { Length: > 0 }));

        var items = new List<JsonObject>();
        string? next = null;
        do
        {
            var page = await context.Cluster.ListAsync(
                s_events with { Namespace = ns },
                new ListQuery { FieldSelector = selector.Length == 0 ? null : selector, Limit = ReadLimits.MaxListItems, Continue = next },
                cancellationToken).ConfigureAwait(false);
            items.AddRange(ObjectFields.Objects(page["items"]));
            next = ObjectFields.Text(page["metadata"]?["continue"]) is { Length: > 0 } token ? token : null;
        }
        while (next is not null && items.Count < MaxScanned);

        if (items.Count == 0 && ns is not null && await ReadObjects.NamespaceMissingAsync(context.Cluster, ns, cancellationToken).ConfigureAwait(false))
        {
            throw new ReadException($"namespace {ns} does not exist on cluster {context.Cluster.ClusterName}. Check its spelling; the namespaces_list tool lists what exists.");
        }

        var groups = EventGroups.Collapse(items);
        var limit = Math.Clamp(query.Limit ?? ReadLimits.DefaultListItems, 1, ReadLimits.MaxListItems);
        var shown = groups.Take(limit).ToList();
        var now = context.Time.GetUtcNow();
        var across = ns is null;
        var about = (kind, name) switch
        {
            (null, null) => string.Empty,
            ({ } k, null) => $" about {k} objects",
            (null, { } nm) => $" about objects named {nm}",
            ({ } k, { } nm) => $" about {k.ToLowerInvariant()}/{nm}",
        };
        var where = across ? " in all namespaces" : $" in namespace {ns}";
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{groups.Count} distinct events ({items.Count} recorded{(next is null ? string.Empty : ", more not read")}){about}{where} on cluster {context.Cluster.ClusterName}");
        text.Append(CultureInfo.InvariantCulture, $", {groups.Count(g => g.IsWarning)} warnings\n");
        if (shown.Count > 0)
        {
            var columns = new List<string> { "LAST SEEN", "TYPE", "REASON", "OBJECT", "COUNT", "MESSAGE" };
            var rows = shown.Select(g => (IReadOnlyList<string>)[
                .. across ? [g.Namespace ?? string.Empty] : Array.Empty<string>(),
                g.LastSeen is { } last ? Ages.Format(now - last) : "<unknown>",
                g.Type,
                g.Reason,
                g.Involved,
                g.Count.ToString(CultureInfo.InvariantCulture),
                g.Message,
            ]).ToList();
            text.Append(TextTable.Render(across ? ["NAMESPACE", .. columns] : columns, rows));
        }
        else
        {
            text.Append("No events. Kubernetes keeps events for about an hour, so an older problem leaves none.\n");
        }

        var cut = groups.Count > shown.Count || next is not null;
        if (cut)
        {
            text.Append(CultureInfo.InvariantCulture, $"Showing {shown.Count} of {groups.Count}{(next is null ? string.Empty : $" (from the first {items.Count} events)")}. ");
            text.Append("Narrow with involved_kind and involved_name, or a namespace; or raise limit.\n");
        }

        var data = new JsonObject
        {
            ["cluster"] = context.Cluster.ClusterName,
            ["namespace"] = ns,
            ["involvedKind"] = kind,
            ["involvedName"] = name,
            ["events"] = new JsonArray([.. shown.Select(g => (JsonNode)View(g, now))]),
            ["count"] = shown.Count,
            ["distinct"] = groups.Count,
            ["recorded"] = items.Count,
            ["warnings"] = groups.Count(g => g.IsWarning),
            ["truncated"] = cut,
        };
        return new ReadResult { Text = text.ToString(), Data = data };
    }

    private static JsonObject View(EventGroup g, DateTimeOffset now) => new()
    {
        ["type"] = g.Type,
        ["reason"] = g.Reason,
        ["object"] = g.Involved,
        ["kind"] = g.ObjectKind,
        ["name"] = g.ObjectName,
        ["namespace"] = g.Namespace,
        ["count"] = g.Count,
        ["message"] = g.Message,
        ["source"] = g.Source,
        ["firstSeen"] = Stamp(g.FirstSeen),
        ["lastSeen"] = Stamp(g.LastSeen),
        ["lastSeenAgo"] = g.LastSeen is { } last ? Ages.Format(now - last) : null,
    };

    private static string? Stamp(DateTimeOffset? time) =>
        time?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
