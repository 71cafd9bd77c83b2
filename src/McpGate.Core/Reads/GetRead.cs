using System.Text;
using System.Text.Json.Nodes;
using McpGate.Core.Cluster;
using McpGate.Core.Reads.Views;

namespace McpGate.Core.Reads;

/// <summary>One object, redacted: its table row and its fields as dotted lines, the view in structured content.</summary>
public sealed class GetRead : IReadStrategy
{
    public async Task<ReadResult> ReadAsync(ReadRequest request, ReadContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var target = await ReadTarget.ResolveAsync(request, context, cancellationToken).ConfigureAwait(false);
        var obj = await ReadObjects.GetAsync(context.Cluster, target, cancellationToken).ConfigureAwait(false);
        var now = context.Time.GetUtcNow();
        var view = ResourceViews.For(target.Ref);
        var detail = view.Detail(obj, now);
        var text = new StringBuilder(target.IgnoredNamespaceNote);
        text.Append(TextTable.Render(view.Columns, [view.Row(obj, now)]));
        text.Append(FlatText.Render(detail));
        var data = new JsonObject { ["cluster"] = context.Cluster.ClusterName };
        if (target.IgnoredNamespace is { } ignored)
        {
            data["ignoredNamespace"] = ignored;
        }

        foreach (var (key, value) in detail)
        {
            data[key] = value?.DeepClone();
        }

        return new ReadResult { Text = text.ToString(), Data = data };
    }
}
