using System.Text.Json.Nodes;

namespace McpGate.Kubernetes.Watch;

/// <summary>One event of a watch stream.</summary>
public sealed record KubeWatchEvent
{
    public required KubeWatchEventType Type { get; init; }

    /// <summary>The object after the change (the last state for <see cref="KubeWatchEventType.Deleted"/>).</summary>
    public required JsonObject Item { get; init; }

    /// <summary>The object's <c>metadata.resourceVersion</c>; the watch resumes from here.</summary>
    public required string ResourceVersion { get; init; }

    /// <summary>True when the event replays the current state after a (re-)list rather than a change seen live.</summary>
    public bool FromList { get; init; }
}
