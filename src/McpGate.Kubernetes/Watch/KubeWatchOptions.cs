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

    /// <summary>First delay after a dropped stream; doubles (with jitter) up to <see cref="MaxReconnectDelay"/>.</summary>
    public TimeSpan ReconnectBaseDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan MaxReconnectDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Reconnections in a row without an event before the watch gives up; 0 means never give up.</summary>
    public int MaxConsecutiveFailures { get; init; } = 10;
}
