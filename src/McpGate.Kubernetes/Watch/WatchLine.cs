using McpGate.Kubernetes.Api;

namespace McpGate.Kubernetes.Watch;

/// <summary>What reading one line of a watch stream gave: an event, the end, a 410, a dropped stream, or an error.</summary>
internal readonly record struct WatchLine(WatchLineKind Kind, KubeWatchEvent? Event = null, Exception? Error = null)
{
    public static WatchLine End { get; } = new(WatchLineKind.End);

    public static WatchLine Gone { get; } = new(WatchLineKind.Gone);

    public static WatchLine Dropped(Exception error) => new(WatchLineKind.Dropped, Error: error);

    public static WatchLine Failed(KubeApiException error) => new(WatchLineKind.Failed, Error: error);
}
