namespace McpGate.Core.Manifests;

/// <summary>
/// What a tool does to its target. <see cref="List"/> and <see cref="Get"/> read; every other
/// action is a write, carried out by the write strategy of the same name (Operations/WriteStrategies).
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
}
