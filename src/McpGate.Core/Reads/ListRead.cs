using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using McpGate.Core.Cluster;
using McpGate.Core.Manifests;
using McpGate.Core.Reads.Views;

namespace McpGate.Core.Reads;

/// <summary>
/// A page of a collection, in one namespace or all: a kubectl-style table, the items in structured content,
/// and when more remain, the continue token and how to narrow the query.
/// </summary>
public sealed class ListRead : IReadStrategy
{
    public async Task<ReadResult> ReadAsync(ReadRequest request, ReadContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var target = await ReadTarget.ResolveAsync(request, context, cancellationToken).ConfigureAwait(false);
        var query = request.Operation.Query;
        var limit = Math.Clamp(query.Limit ?? ReadLimits.DefaultListItems, 1, ReadLimits.MaxListItems);
        var list = await context.Cluster.ListAsync(
            target.Ref with { Name = null },
            new ListQuery { LabelSelector = query.LabelSelector, FieldSelector = query.FieldSelector, Limit = limit, Continue = query.Continue },
            cancellationToken).ConfigureAwait(false);
        var items = ObjectFields.Objects(list["items"]).ToList();
        var ns = target.Ref.Namespace;
        if (items.Count == 0 && ns is not null && await ReadObjects.NamespaceMissingAsync(context.Cluster, ns, cancellationToken).ConfigureAwait(false))
        {
            // An empty list would read as "nothing runs there"; say the namespace itself is not there.
            throw new ReadException($"namespace {ns} does not exist on cluster {context.Cluster.ClusterName}. Check its spelling; the namespaces_list tool lists what exists.");
        }

        var now = context.Time.GetUtcNow();
        var view = ResourceViews.For(target.Ref);
        var across = target.Namespaced && ns is null;
        var columns = across ? ["NAMESPACE", .. view.Columns] : view.Columns;
        var rows = items.Select(i => across ? [ObjectFields.Namespace(i) ?? string.Empty, .. view.Row(i, now)] : view.Row(i, now)).ToList();
        var next = ObjectFields.Text(list["metadata"]?["continue"]) is { Length: > 0 } token ? token : null;
        var remaining = ObjectFields.Number(list["metadata"]?["remainingItemCount"]);

        var where = target.Namespaced ? ns is null ? " in all namespaces" : $" in namespace {ns}" : string.Empty;
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{items.Count} {target.Ref.Resource}{where} on cluster {context.Cluster.ClusterName}");
        text.Append(Selectors(query)).Append('\n');
        text.Append(target.IgnoredNamespaceNote);
        if (items.Count > 0)
        {
            text.Append(TextTable.Render(columns, rows));
        }

        if (next is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"Truncated at {limit} items{(remaining is { } r ? $" ({r} more)" : string.Empty)}. ");
            text.Append(Narrowing(request.Manifest.Operation.Query, next)).Append('\n');
        }

        var data = new JsonObject
        {
            ["cluster"] = context.Cluster.ClusterName,
            ["namespace"] = ns,
            ["kind"] = target.Kind,
            [target.Ref.Resource] = new JsonArray([.. items.Select(i => (JsonNode)view.Summary(i, now))]),
            ["count"] = items.Count,
            ["truncated"] = next is not null,
        };
        if (target.IgnoredNamespace is { } ignored)
        {
            data["ignoredNamespace"] = ignored;
        }

        if (next is not null)
        {
            data["continue"] = next;
            data["remaining"] = remaining;
        }

        return new ReadResult { Text = text.ToString(), Data = data };
    }

    private static string Selectors(ReadQuery query) =>
        (query.LabelSelector, query.FieldSelector) switch
        {
            (null, null) => string.Empty,
            ({ } l, null) => $" with labels {l}",
            (null, { } f) => $" with fields {f}",
            ({ } l, { } f) => $" with labels {l} and fields {f}",
        };

    /// <summary>How to get the rest or fewer, naming only the options this tool takes.</summary>
    private static string Narrowing(IReadOnlyDictionary<ReadOption, string> options, string next)
    {
        var parts = new List<string>();
        if (options.TryGetValue(ReadOption.Continue, out var c) && Placeholders.Whole(c) is { } cont)
        {
            parts.Add($"call again with {cont}: \"{next}\" for the next page");
        }

        var narrow = new[] { ReadOption.LabelSelector, ReadOption.FieldSelector }
            .Where(options.ContainsKey)
            .Select(o => Placeholders.Whole(options[o]))
            .OfType<string>()
            .ToList();
        if (narrow.Count > 0)
        {
            parts.Add($"narrow it with {string.Join(" or ", narrow)}");
        }

        return parts.Count == 0 ? "Ask the operator for a narrower tool." : char.ToUpperInvariant(parts[0][0]) + string.Join(", or ", parts)[1..] + ".";
    }
}
