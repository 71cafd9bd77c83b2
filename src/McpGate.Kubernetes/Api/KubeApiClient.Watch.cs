using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using McpGate.Core.Cluster;
using McpGate.Kubernetes.Watch;

namespace McpGate.Kubernetes.Api;

/// <summary>Watch: a resumable stream of changes that survives dropped connections and expired resourceVersions.</summary>
public sealed partial class KubeApiClient
{
    /// <summary>A watch that ends sooner than this without any event counts as a failure and is backed off from.</summary>
    private static readonly TimeSpan ShortWatch = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Watches a collection (or one object, when <paramref name="target"/> names it) until cancelled.
    /// Without a starting resourceVersion it lists first and reports the current objects as ADDED.
    /// A dropped, stalled (no headers within <see cref="KubeWatchOptions.ResponseHeadersTimeout"/>, no data within
    /// <see cref="KubeWatchOptions.IdleTimeout"/>) or instantly closed stream reconnects with exponential backoff from the last seen resourceVersion (bookmarks
    /// included); a 410 Gone / Expired lists again and resumes from the list's resourceVersion,
    /// replaying the current objects as ADDED with <see cref="KubeWatchEvent.FromList"/> set.
    /// </summary>
    /// <exception cref="KubeApiException">A non-transient error (403, 404...), or too many failures in a row.</exception>
    public async IAsyncEnumerable<KubeWatchEvent> WatchAsync(
        ResourceRef target,
        KubeWatchOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        options ??= new KubeWatchOptions();
        var collection = target.WithName(null);
        var fieldSelector = target.Name is null
            ? options.FieldSelector
            : string.IsNullOrEmpty(options.FieldSelector) ? $"metadata.name={target.Name}" : $"{options.FieldSelector},metadata.name={target.Name}";
        var listOptions = new KubeListOptions { LabelSelector = options.LabelSelector, FieldSelector = fieldSelector };
        var path = KubeResourcePath.For(collection);
        var resourceVersion = options.ResourceVersion;
        var relist = resourceVersion is null;
        var failures = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (relist)
            {
                var snapshot = await ListSnapshotAsync(collection, listOptions, cancellationToken).ConfigureAwait(false);
                foreach (var item in snapshot.Items)
                {
                    yield return item;
                }

                resourceVersion = snapshot.ResourceVersion;
                relist = false;
            }

            var query = KubeResourcePath.WithQuery(
                path,
                ("watch", "true"),
                ("resourceVersion", resourceVersion),
                ("allowWatchBookmarks", options.AllowBookmarks ? "true" : null),
                ("labelSelector", options.LabelSelector),
                ("fieldSelector", fieldSelector),
                ("timeoutSeconds", ((long)options.ServerTimeout.TotalSeconds).ToString(CultureInfo.InvariantCulture)));
            var (response, openFailure) = await OpenWatchAsync(query, options.ResponseHeadersTimeout, cancellationToken).ConfigureAwait(false);
            if (response is null)
            {
                if (openFailure is null)
                {
                    KubeApiLog.WatchRelisting(_logger, path);
                    relist = true;
                    continue;
                }

                failures++;
                await BackoffAsync(path, failures, openFailure, options, cancellationToken).ConfigureAwait(false);
                continue;
            }

            using (response)
            {
                var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                using var reader = new StreamReader(stream);
                using var idle = new CancellationTokenSource(Timeout.InfiniteTimeSpan, _options.TimeProvider);
                using var readToken = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, idle.Token);
                var opened = _options.TimeProvider.GetTimestamp();
                var events = 0;
                while (true)
                {
                    WatchLine line;
                    idle.CancelAfter(options.EffectiveIdleTimeout);
                    try
                    {
                        line = await WatchStreamReader.ReadAsync(reader, path, Describe(), readToken.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (idle.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                    {
                        line = WatchLine.Dropped(new TimeoutException(
                            $"no data for {options.EffectiveIdleTimeout.TotalSeconds:0.###} s on an open watch stream"));
                    }

                    if (line.Kind == WatchLineKind.End)
                    {
                        // A stream that closes at once without a single event is a failure (as in client-go's
                        // reflector): reconnecting at once would spin against a broken server or proxy.
                        if (events == 0 && _options.TimeProvider.GetElapsedTime(opened) < ShortWatch)
                        {
                            failures++;
                            await BackoffAsync(path, failures, new InvalidDataException("the watch stream ended before any event"), options, cancellationToken)
                                .ConfigureAwait(false);
                        }

                        break;
                    }

                    if (line.Kind == WatchLineKind.Gone)
                    {
                        KubeApiLog.WatchRelisting(_logger, path);
                        relist = true;
                        break;
                    }

                    if (line.Kind == WatchLineKind.Failed)
                    {
                        throw line.Error!;
                    }

                    if (line.Kind == WatchLineKind.Dropped)
                    {
                        failures++;
                        await BackoffAsync(path, failures, line.Error!, options, cancellationToken).ConfigureAwait(false);
                        break;
                    }

                    failures = 0;
                    events++;
                    var watchEvent = line.Event!;
                    if (watchEvent.ResourceVersion.Length > 0)
                    {
                        resourceVersion = watchEvent.ResourceVersion;
                    }

                    if (watchEvent.Type != KubeWatchEventType.Bookmark || options.ReportBookmarks)
                    {
                        yield return watchEvent;
                    }
                }
            }
        }
    }

    /// <summary>Opens one watch request: the response, or null with the failure to back off from (null failure means 410: re-list).</summary>
    private async Task<(HttpResponseMessage? Response, Exception? Failure)> OpenWatchAsync(string query, TimeSpan headersTimeout, CancellationToken cancellationToken)
    {
        using var headers = new CancellationTokenSource(headersTimeout, _options.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, headers.Token);
        try
        {
            var response = await SendCheckedAsync(HttpMethod.Get, query, null, null, HttpCompletionOption.ResponseHeadersRead, linked.Token, streaming: true)
                .ConfigureAwait(false);
            return (response, null);
        }
        catch (OperationCanceledException) when (headers.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return (null, new TimeoutException($"no response headers within {headersTimeout.TotalSeconds:0.###} s"));
        }
        catch (KubeApiException ex) when (ex.StatusCode == HttpStatusCode.Gone)
        {
            return (null, null);
        }
        catch (KubeApiException ex) when (ex.StatusCode == HttpStatusCode.TooManyRequests || (int)ex.StatusCode >= 500)
        {
            return (null, ex);
        }
        catch (HttpRequestException ex) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, ex);
        }
    }

    private async Task<(List<KubeWatchEvent> Items, string ResourceVersion)> ListSnapshotAsync(
        ResourceRef collection,
        KubeListOptions options,
        CancellationToken cancellationToken)
    {
        var items = new List<KubeWatchEvent>();
        string? resourceVersion = null;
        await foreach (var page in ListPagesAsync(collection, options, cancellationToken).ConfigureAwait(false))
        {
            resourceVersion ??= page["metadata"]?["resourceVersion"]?.GetValue<string>();
            foreach (var item in KubeLists.Items(page))
            {
                items.Add(new KubeWatchEvent
                {
                    Type = KubeWatchEventType.Added,
                    Item = item,
                    ResourceVersion = item["metadata"]?["resourceVersion"]?.GetValue<string>() ?? string.Empty,
                    FromList = true,
                });
            }
        }

        return (items, resourceVersion ?? throw new KubeApiException($"LIST {KubeResourcePath.For(collection)} on {Describe()} returned no metadata.resourceVersion to watch from"));
    }

    private async Task BackoffAsync(string path, int failures, Exception cause, KubeWatchOptions options, CancellationToken cancellationToken)
    {
        if (options.MaxConsecutiveFailures > 0 && failures >= options.MaxConsecutiveFailures)
        {
            throw new KubeApiException($"watch {path} on {Describe()} failed {failures} times in a row; last error: {Http.UrlCredentials.Redact(cause.Message)}", cause);
        }

        var exponential = options.ReconnectBaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(failures - 1, 16));
        var capped = Math.Min(exponential, options.MaxReconnectDelay.TotalMilliseconds);

        // Full jitter between half and the whole delay, so many watchers do not reconnect in step.
        var delay = TimeSpan.FromMilliseconds(capped / 2 + (capped / 2 * RandomNumberGenerator.GetInt32(0, 1001) / 1000));
        KubeApiLog.WatchReconnecting(_logger, path, failures, delay.TotalMilliseconds, cause.GetType().Name);
        await Task.Delay(delay, _options.TimeProvider, cancellationToken).ConfigureAwait(false);
    }
}
