namespace McpGate.Kubernetes.Watch;

internal enum WatchLineKind
{
    Event = 0,

    /// <summary>The server closed the stream normally (timeoutSeconds): reconnect at once.</summary>
    End,

    /// <summary>410 Gone / Expired: the resume point is too old; list again.</summary>
    Gone,

    /// <summary>The connection broke: reconnect after a backoff.</summary>
    Dropped,

    /// <summary>The server sent an error that reconnecting will not cure.</summary>
    Failed,
}
