using System.Text;
using System.Text.Json.Nodes;
using McpGate.Core.Cluster;
using McpGate.Core.Reads.Describe;
using McpGate.Core.Reads.Views;

namespace McpGate.Core.Reads;

/// <summary>
/// One object as <c>kubectl describe</c> gives it: name, namespace, labels, annotations and age; the
/// kind's key facts and related state (<see cref="ObjectDescribers"/>); and the events about it,
/// warnings first. Everything redacted. A section whose reads fail says why in place; the rest stands.
/// </summary>
public sealed class DescribeRead : IReadStrategy
{
    public async Task<ReadResult> ReadAsync(ReadRequest request, ReadContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var target = await ReadTarget.ResolveAsync(request, context, cancellationToken).ConfigureAwait(false);
        var obj = await ReadObjects.GetAsync(context.Cluster, target, cancellationToken).ConfigureAwait(false);
        var now = context.Time.GetUtcNow();
        var redacted = Redaction.Redact(obj);

        var sections = new List<DescribeSection>();
        try
        {
            sections.AddRange(await ObjectDescribers.For(target.Ref).DescribeAsync(obj, target, context, cancellationToken).ConfigureAwait(false));
        }
        catch (ClusterException ex)
        {
            sections.Add(Failed("Related", ex));
        }

        try
        {
            sections.Add(await EventsSection.ReadAsync(context.Cluster, obj, target, now, cancellationToken).ConfigureAwait(false));
        }
        catch (ClusterException ex)
        {
            sections.Add(Failed("Events", ex));
        }

        var metadata = redacted["metadata"] as JsonObject ?? [];
        var text = new StringBuilder(target.IgnoredNamespaceNote);
        text.Append("Name:         ").Append(ObjectFields.Name(obj)).Append('\n');
        if (ObjectFields.Namespace(obj) is { } ns)
        {
            text.Append("Namespace:    ").Append(ns).Append('\n');
        }

        text.Append("Kind:         ").Append(target.Kind).Append(" (").Append(ApiVersion(target.Ref)).Append(")\n");
        text.Append("Labels:       ").Append(Pairs(metadata["labels"])).Append('\n');
        text.Append("Annotations:  ").Append(Pairs(metadata["annotations"])).Append('\n');
        text.Append("Created:      ").Append(Ages.Since(metadata["creationTimestamp"], now)).Append(" ago\n");
        var data = new JsonObject
        {
            ["cluster"] = context.Cluster.ClusterName,
            ["kind"] = target.Kind,
            ["apiVersion"] = ApiVersion(target.Ref),
            ["name"] = ObjectFields.Name(obj),
            ["namespace"] = ObjectFields.Namespace(obj),
            ["uid"] = metadata["uid"]?.DeepClone(),
            ["labels"] = metadata["labels"]?.DeepClone(),
            ["annotations"] = metadata["annotations"]?.DeepClone(),
            ["createdAt"] = metadata["creationTimestamp"]?.DeepClone(),
        };
        if (target.IgnoredNamespace is { } ignored)
        {
            data["ignoredNamespace"] = ignored;
        }

        foreach (var section in sections)
        {
            if (section.Title.Length == 0)
            {
                text.Append(section.Text);
                data["object"] = section.Data?.DeepClone();
            }
            else
            {
                text.Append('\n').Append(section.Title).Append(":\n").Append(section.Text);
                data[Key(section.Title)] = section.Data?.DeepClone();
            }
        }

        return new ReadResult { Text = text.ToString(), Data = data };
    }

    private static DescribeSection Failed(string title, ClusterException exception) =>
        new(title, $"could not be read ({exception.Kind}): {Redaction.Text(exception.Message)}\n", new JsonObject { ["error"] = $"{exception.Kind}: {Redaction.Text(exception.Message)}" });

    private static string ApiVersion(ResourceRef r) => r.Group.Length == 0 ? r.Version : $"{r.Group}/{r.Version}";

    /// <summary><c>app=web, tier=front</c>; long values (already redacted) are cut.</summary>
    private static string Pairs(JsonNode? map) =>
        map is JsonObject obj && obj.Count > 0
            ? string.Join(", ", obj.Select(kv => $"{kv.Key}={Cut(ObjectFields.Text(kv.Value) ?? kv.Value?.ToJsonString() ?? string.Empty)}"))
            : "<none>";

    private static string Cut(string value)
    {
        var flat = value.ReplaceLineEndings(" ");
        return flat.Length <= 80 ? flat : string.Concat(flat.AsSpan(0, 77), "...");
    }

    /// <summary>A section title as a structured-content key: <c>ReplicaSets</c> to <c>replicaSets</c>.</summary>
    private static string Key(string title) => char.ToLowerInvariant(title[0]) + title[1..].Replace(" ", string.Empty, StringComparison.Ordinal);
}
