using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using McpGate.Core.Cluster;
using McpGate.Core.Reads.Views;

namespace McpGate.Core.Reads.Describe;

/// <summary>The events about one object (by uid, else kind and name), warnings first, then the newest.</summary>
public static class EventsSection
{
    /// <summary>Events shown in the text; the structured content keeps up to a page.</summary>
    public const int MaxShown = 15;

    private static readonly string[] s_columns = ["TYPE", "REASON", "AGE", "COUNT", "FROM", "MESSAGE"];

    public static async Task<DescribeSection> ReadAsync(IClusterReader cluster, JsonObject obj, ReadTarget target, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(target);
        var uid = ObjectFields.Text(obj["metadata"]?["uid"]);
        var selector = uid is { Length: > 0 }
            ? $"involvedObject.uid={uid}"
            : $"involvedObject.kind={target.Kind},involvedObject.name={ObjectFields.Name(obj)}";
        var list = await cluster.ListAsync(
            new ResourceRef { Group = string.Empty, Version = "v1", Resource = "events", Namespace = ObjectFields.Namespace(obj) },
            new ListQuery { FieldSelector = selector, Limit = ReadLimits.MaxListItems },
            cancellationToken).ConfigureAwait(false);
        var events = ObjectFields.Objects(list["items"])
            .OrderBy(e => ObjectFields.Text(e["type"]) == "Warning" ? 0 : 1)
            .ThenByDescending(e => ObjectFields.Text(e["lastTimestamp"]) ?? ObjectFields.Text(e["eventTime"]) ?? string.Empty, StringComparer.Ordinal)
            .ToList();
        var warnings = events.Count(e => ObjectFields.Text(e["type"]) == "Warning");
        var text = new StringBuilder();
        if (events.Count == 0)
        {
            text.Append("<none>\n");
        }
        else
        {
            text.Append(CultureInfo.InvariantCulture, $"{events.Count} events, {warnings} warnings\n");
            text.Append(TextTable.Render(s_columns, [.. events.Take(MaxShown).Select(e => (IReadOnlyList<string>)
            [
                ObjectFields.Text(e["type"]) ?? string.Empty,
                ObjectFields.Text(e["reason"]) ?? string.Empty,
                Ages.Since(e["lastTimestamp"] ?? e["eventTime"], now),
                (ObjectFields.Number(e["count"]) ?? 1).ToString(CultureInfo.InvariantCulture),
                ObjectFields.Text(e["source"]?["component"]) ?? ObjectFields.Text(e["reportingComponent"]) ?? string.Empty,
                Redaction.Text(ObjectFields.Text(e["message"]) ?? string.Empty),
            ])]));
            if (events.Count > MaxShown)
            {
                text.Append(CultureInfo.InvariantCulture, $"... {events.Count - MaxShown} more events in the structured content\n");
            }
        }

        return new DescribeSection("Events", text.ToString(), new JsonArray([.. events.Select(e => (JsonNode)new JsonObject
        {
            ["type"] = e["type"]?.DeepClone(),
            ["reason"] = e["reason"]?.DeepClone(),
            ["message"] = Redaction.Text(ObjectFields.Text(e["message"]) ?? string.Empty),
            ["count"] = ObjectFields.Number(e["count"]) ?? 1,
            ["firstTimestamp"] = e["firstTimestamp"]?.DeepClone(),
            ["lastTimestamp"] = e["lastTimestamp"]?.DeepClone(),
            ["from"] = ObjectFields.Text(e["source"]?["component"]) ?? ObjectFields.Text(e["reportingComponent"]),
            ["fieldPath"] = e["involvedObject"]?["fieldPath"]?.DeepClone(),
        })]));
    }
}
