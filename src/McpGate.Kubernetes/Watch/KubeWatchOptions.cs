namespace McpGate.Kubernetes.Watch;

/// <summary>How <see cref="Api.KubeApiClient.WatchAsync"/> starts and keeps a watch going.</summary>
public sealed record KubeWatchOptions
{
    /// <summary>
    /// Start after this resourceVersion. When null the collection is listed first and every object is
    /// reported as <see cref="KubeWatchEventType.Added"/> with <see cref="KubeWatchEvent.FromList"/> set.
    /// </summary>
    public string? ResourceVersion { get; init; }

    public string? LabelSelector { get; init; }

    public string? FieldSelector { get; init; }

    /// <summary>Ask for BOOKMARK events, which keep the resume point fresh on quiet collections.</summary>
    public bool AllowBookmarks { get; init; } = true;

    /// <summary>Report bookmarks to the caller (they are always tracked).</summary>
    public bool ReportBookmarks { get; init; }

    /// <summary>How long the server keeps one watch request open before the client reconnects.</summary>
    public TimeSpan ServerTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How long to wait for the response headers of one watch request before backing off and retrying.</summary>
    public TimeSpan ResponseHeadersTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long an open stream may stay silent (no event, no bookmark) before it is treated as dropped;
    /// null means <see cref="ServerTimeout"/> plus 30 s, since the server ends the request by then anyway.
    /// </summary>
    public TimeSpan? IdleTimeout { get; init; }

    /// <summary>First delay after a dropped stream; doubles (with jitter) up to <see cref="MaxReconnectDelay"/>.</summary>
    public TimeSpan ReconnectBaseDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan MaxReconnectDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Reconnections in a row without an event before the watch gives up; 0 means never give up.</summary>
    public int MaxConsecutiveFailures { get; init; } = 10;

    internal TimeSpan EffectiveIdleTimeout => IdleTimeout ?? ServerTimeout + TimeSpan.FromSeconds(30);
}
