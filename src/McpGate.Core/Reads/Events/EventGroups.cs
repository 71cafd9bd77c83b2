using System.Globalization;
using System.Text.Json.Nodes;
using McpGate.Core.Reads.Views;

namespace McpGate.Core.Reads.Events;

/// <summary>
/// Folds core/v1 Events into <see cref="EventGroup"/>s keyed by involved object, reason and message (counts
/// summed, first and last seen widened), ordered warnings first, then most recent first.
/// </summary>
public static class EventGroups
{
    public static IReadOnlyList<EventGroup> Collapse(IEnumerable<JsonObject> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var groups = new Dictionary<(string?, string, string, string, string), EventGroup>();
        foreach (var e in events)
        {
            var one = Read(e);
            var key = (one.Namespace, one.ObjectKind, one.ObjectName, one.Reason, one.Message);
            groups[key] = groups.TryGetValue(key, out var seen)
                ? seen with
                {
                    // Any warning among them makes the line a warning.
                    Type = seen.IsWarning || one.IsWarning ? "Warning" : seen.Type,
                    Count = seen.Count + one.Count,
                    FirstSeen = Earlier(seen.FirstSeen, one.FirstSeen),
                    LastSeen = Later(seen.LastSeen, one.LastSeen),
                    Source = seen.Source ?? one.Source,
                }
                : one;
        }

        return [.. groups.Values
            .OrderByDescending(g => g.IsWarning)
            .ThenByDescending(g => g.LastSeen ?? DateTimeOffset.MinValue)
            .ThenBy(g => g.Namespace, StringComparer.Ordinal)
            .ThenBy(g => g.Involved, StringComparer.Ordinal)
            .ThenBy(g => g.Reason, StringComparer.Ordinal)];
    }

    /// <summary>One event as a group of one: its count (<c>count</c>, or <c>series.count</c>, at least 1) and times (the legacy fields, else eventTime and series, else creation).</summary>
    public static EventGroup Read(JsonObject e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var involved = e["involvedObject"] ?? e["regarding"];
        var created = Time(e["metadata"]?["creationTimestamp"]);
        var eventTime = Time(e["eventTime"]);
        var first = Time(e["firstTimestamp"]) ?? eventTime ?? created;
        var last = Time(e["lastTimestamp"]) ?? Time(e["series"]?["lastObservedTime"]) ?? eventTime ?? first;
        return new EventGroup
        {
            Type = ObjectFields.Text(e["type"]) is { Length: > 0 } type ? type : "Normal",
            Reason = ObjectFields.Text(e["reason"]) ?? string.Empty,
            Message = Redaction.Text((ObjectFields.Text(e["message"]) ?? ObjectFields.Text(e["note"]) ?? string.Empty).ReplaceLineEndings(" ").Trim()),
            Namespace = ObjectFields.Text(involved?["namespace"]) ?? ObjectFields.Namespace(e),
            ObjectKind = ObjectFields.Text(involved?["kind"]) ?? string.Empty,
            ObjectName = ObjectFields.Text(involved?["name"]) ?? string.Empty,
            Count = Math.Max(1, ObjectFields.Number(e["count"]) ?? ObjectFields.Number(e["series"]?["count"]) ?? 1),
            FirstSeen = first,
            LastSeen = last,
            Source = Source(e),
        };
    }

    private static string? Source(JsonObject e) =>
        ObjectFields.Text(e["source"]?["component"]) is { Length: > 0 } component ? component
        : ObjectFields.Text(e["reportingComponent"]) is { Length: > 0 } reporting ? reporting
        : null;

    private static DateTimeOffset? Time(JsonNode? node) =>
        ObjectFields.Text(node) is { Length: > 0 } text
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time : null;

    private static DateTimeOffset? Earlier(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a < b ? a : b;

    private static DateTimeOffset? Later(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;
}
