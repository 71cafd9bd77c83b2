using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using McpGate.Sandbox.Api.Tables;
using McpGate.Sandbox.Objects;
using McpGate.Sandbox.Storage;
using Microsoft.AspNetCore.Http;

namespace McpGate.Sandbox.Api;

internal sealed partial class ResourceEndpoint
{
    /// <summary>The longest a watch stays open when the client sets no timeoutSeconds (the API server's default is 30-60 min).</summary>
    private static readonly TimeSpan s_maxWatch = TimeSpan.FromMinutes(30);

    /// <summary>
    /// Streams {type, object} lines (chunked) until timeoutSeconds, client disconnect or shutdown.
    /// resourceVersion unset or "0" replays the current objects as ADDED; a number replays the
    /// changes after it, or answers 410 Expired when they are no longer kept.
    /// </summary>
    private async Task WatchAsync(HttpContext context, RequestTarget target, CancellationToken cancellationToken)
    {
        Require(target, "watch");
        var query = context.Request.Query;
        var labels = LabelSelector.Parse(query["labelSelector"]);
        var fieldText = query["fieldSelector"].ToString();
        if (target.Name is not null)
        {
            fieldText = string.IsNullOrEmpty(fieldText) ? $"metadata.name={target.Name}" : $"{fieldText},metadata.name={target.Name}";
        }

        var fields = FieldSelector.Parse(fieldText);
        var asTable = TableWriter.IsRequested(context.Request.Headers.Accept);
        var bookmarks = string.Equals(query["allowWatchBookmarks"], "true", StringComparison.OrdinalIgnoreCase);
        var timeout = ParseTimeout(query["timeoutSeconds"]);
        var since = ParseWatchRevision(query["resourceVersion"]);
        var definition = target.Definition;
        var ns = definition.Namespaced ? target.Namespace : null;

        var watch = _objects.Store.Watch(definition.Gvr, since);
        if (watch is not { } started)
        {
            var oldest = _objects.Store.OldestWatchableRevision(definition.Gvr);
            throw new ApiException(ApiErrors.Expired(
                $"too old resource version: {since!.Value.ToString(CultureInfo.InvariantCulture)} ({oldest.ToString(CultureInfo.InvariantCulture)})"));
        }

        using var subscription = started.Subscription;
        using var deadline = new CancellationTokenSource(timeout, _objects.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var token = linked.Token;
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-cache, private";
        await context.Response.StartAsync(cancellationToken).ConfigureAwait(false);
        await context.Response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);

        bool Selected(JsonObject? obj) => obj is not null && (ns is null || string.Equals(JsonFields.String(obj, "metadata", "namespace"), ns, StringComparison.Ordinal))
            && labels.Matches(obj) && fields.Matches(obj);

        async Task<bool> SendAsync(StoreChange change)
        {
            var type = change.Type switch
            {
                StoreChangeType.Added => Selected(change.Object) ? "ADDED" : null,
                StoreChangeType.Deleted => Selected(change.Object) ? "DELETED" : null,
                _ => (Selected(change.Previous), Selected(change.Object)) switch
                {
                    (true, true) => "MODIFIED",
                    (false, true) => "ADDED",
                    (true, false) => "DELETED",
                    _ => null,
                },
            };
            if (type is null)
            {
                return false;
            }

            var obj = asTable ? TableWriter.Write(definition, [change.Object], change.ResourceVersion, _objects.Now) : change.Object;
            await WriteEventAsync(context, type, obj, token).ConfigureAwait(false);
            return true;
        }

        try
        {
            foreach (var change in started.Replay)
            {
                await SendAsync(change).ConfigureAwait(false);
            }

            var interval = _bookmarkInterval;
            var nextBookmark = _objects.TimeProvider.GetUtcNow() + interval;
            Task<bool>? pendingRead = null;
            while (!token.IsCancellationRequested)
            {
                pendingRead ??= subscription.Events.WaitToReadAsync(token).AsTask();
                if (bookmarks)
                {
                    var wait = nextBookmark - _objects.TimeProvider.GetUtcNow();
                    using var bookmarkWait = CancellationTokenSource.CreateLinkedTokenSource(token);
                    var delay = Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, _objects.TimeProvider, bookmarkWait.Token);
                    var first = await Task.WhenAny(pendingRead, delay).ConfigureAwait(false);
                    await bookmarkWait.CancelAsync().ConfigureAwait(false);
                    if (first == delay && !token.IsCancellationRequested)
                    {
                        nextBookmark = _objects.TimeProvider.GetUtcNow() + interval;
                        if (_objects.Store.BookmarkRevision(subscription) is { } revision)
                        {
                            await WriteEventAsync(context, "BOOKMARK", Bookmark(revision), token).ConfigureAwait(false);
                        }

                        continue;
                    }
                }

                if (!await pendingRead.ConfigureAwait(false))
                {
                    break;
                }

                pendingRead = null;
                while (subscription.Events.TryRead(out var change))
                {
                    await SendAsync(change).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Timeout, client gone or shutdown: the watch simply ends, as on the API server.
        }
        catch (IOException)
        {
            // The client closed the connection mid-write.
        }

        JsonObject Bookmark(long revision) => new()
        {
            ["kind"] = definition.Kind,
            ["apiVersion"] = definition.ApiVersion,
            ["metadata"] = new JsonObject { ["resourceVersion"] = revision.ToString(CultureInfo.InvariantCulture) },
        };
    }

    private static async Task WriteEventAsync(HttpContext context, string type, JsonObject obj, CancellationToken cancellationToken)
    {
        var line = new JsonObject { ["type"] = type, ["object"] = obj.DeepClone() }.ToJsonString(HttpJson.WriteOptions) + "\n";
        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(line), cancellationToken).ConfigureAwait(false);
        await context.Response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static TimeSpan ParseTimeout(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return s_maxWatch;
        }

        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            throw new ApiException(ApiErrors.BadRequest($"timeoutSeconds: Invalid value: \"{text}\": must be a non-negative integer"));
        }

        return seconds == 0 ? s_maxWatch : TimeSpan.FromSeconds(Math.Min(seconds, (long)s_maxWatch.TotalSeconds));
    }

    private static long? ParseWatchRevision(string? text)
    {
        if (string.IsNullOrEmpty(text) || text == "0")
        {
            return null;
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var revision)
            ? revision
            : throw new ApiException(ApiErrors.BadRequest($"resourceVersion: Invalid value: \"{text}\": must be an integer"));
    }
}
