using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using McpGate.Kubernetes.Api;

namespace McpGate.Kubernetes.Watch;

/// <summary>Reads newline-delimited <c>{"type", "object"}</c> watch events from a response stream.</summary>
internal static class WatchStreamReader
{
    public static async Task<WatchLine> ReadAsync(TextReader reader, string path, string cluster, CancellationToken cancellationToken)
    {
        while (true)
        {
            string? line;
            try
            {
                line = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or HttpRequestException && !cancellationToken.IsCancellationRequested)
            {
                return WatchLine.Dropped(ex);
            }

            if (line is null)
            {
                return WatchLine.End;
            }

            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            return Parse(line, path, cluster);
        }
    }

    internal static WatchLine Parse(string line, string path, string cluster)
    {
        JsonObject? document;
        try
        {
            document = JsonNode.Parse(line) as JsonObject;
        }
        catch (JsonException ex)
        {
            // A torn line means the stream broke mid-event: resume from the last good resourceVersion.
            return WatchLine.Dropped(ex);
        }

        var type = document?["type"] is JsonValue t && t.TryGetValue<string>(out var text) ? text : null;
        if (document?["object"] is not JsonObject obj || type is null)
        {
            return WatchLine.Dropped(new InvalidDataException("a watch event without type or object"));
        }

        if (type == "ERROR")
        {
            var code = obj["code"] is JsonValue c && c.TryGetValue<int>(out var number) ? number : 500;
            if (code == (int)HttpStatusCode.Gone)
            {
                return WatchLine.Gone;
            }

            var error = KubeStatusParser.ToException(HttpMethod.Get, path, (HttpStatusCode)code, obj.ToJsonString(), cluster);
            return code >= 500 || code == 429 ? WatchLine.Dropped(error) : WatchLine.Failed(error);
        }

        KubeWatchEventType? kind = type switch
        {
            "ADDED" => KubeWatchEventType.Added,
            "MODIFIED" => KubeWatchEventType.Modified,
            "DELETED" => KubeWatchEventType.Deleted,
            "BOOKMARK" => KubeWatchEventType.Bookmark,
            _ => null,
        };
        if (kind is null)
        {
            return WatchLine.Dropped(new InvalidDataException($"unknown watch event type '{type}'"));
        }

        var resourceVersion = obj["metadata"]?["resourceVersion"] is JsonValue v && v.TryGetValue<string>(out var rv) ? rv : string.Empty;
        return new WatchLine(WatchLineKind.Event, new KubeWatchEvent { Type = kind.Value, Item = obj, ResourceVersion = resourceVersion });
    }
}
