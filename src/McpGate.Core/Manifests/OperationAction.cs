namespace McpGate.Core.Manifests;

/// <summary>
/// What a tool does to its target. Reads (<see cref="OperationActions.IsRead"/>) are answered by the
/// read strategy of the same name (Reads/ReadStrategies); every other action is a write, carried out by
/// the write strategy of the same name (Operations/WriteStrategies).
/// </summary>
public enum OperationAction
{
    List,
    Get,

    /// <summary>A merge patch of the manifest's fields (the first write; the same as <see cref="Patch"/> with <c>patch: merge</c>).</summary>
    Scale,

    /// <summary>A merge, strategic merge or JSON patch of one existing object.</summary>
    Patch,

    /// <summary>Deletion of one existing object under its uid and resourceVersion, with a propagation policy.</summary>
    Delete,

    /// <summary>A node cordoned, then every pod on it evicted (kubectl drain): budgets may make evictions wait.</summary>
    Drain,
    /// <summary><c>kubectl rollout undo</c>: a workload's pod template back to a recorded revision's.</summary>
    RolloutUndo,
    /// <summary>Server-side apply (or create) of the objects an agent passes as YAML or JSON, all in the call's namespace.</summary>
    Apply,

    /// <summary>Read: a container's log (<c>kubectl logs</c>).</summary>
    Logs,

    /// <summary>Read: events in a namespace or about one object, warnings first, deduplicated.</summary>
    Events,

    /// <summary>Read: one object with its related state and events (<c>kubectl describe</c>).</summary>
    Describe,

    /// <summary>Read: the resources the cluster serves (<c>kubectl api-resources</c>).</summary>
    ApiResources,

    /// <summary>Read: a field's schema from the cluster's OpenAPI document (<c>kubectl explain</c>).</summary>
    Explain,

    /// <summary>Read: CPU and memory use of nodes or pods from <c>metrics.k8s.io</c> (<c>kubectl top</c>).</summary>
    Top,

    /// <summary>Read: whether a workload's rollout is complete (<c>kubectl rollout status</c>).</summary>
    RolloutStatus,

    /// <summary>Read: a workload's recorded revisions (<c>kubectl rollout history</c>).</summary>
    RolloutHistory,
}
