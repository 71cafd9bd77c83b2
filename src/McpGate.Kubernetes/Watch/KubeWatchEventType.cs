namespace McpGate.Kubernetes.Watch;

/// <summary>The <c>type</c> of a watch event.</summary>
public enum KubeWatchEventType
{
    Added = 0,
    Modified,
    Deleted,

    /// <summary>Progress only: <see cref="KubeWatchEvent.ResourceVersion"/> moved on; the item carries nothing else.</summary>
    Bookmark,
}
