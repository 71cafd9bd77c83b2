namespace McpGate.Core.Manifests;

/// <summary>Which actions read, and how manifests spell them.</summary>
public static class OperationActions
{
    private static readonly HashSet<OperationAction> s_reads =
    [
        OperationAction.List,
        OperationAction.Get,
        OperationAction.Logs,
        OperationAction.Events,
        OperationAction.Describe,
        OperationAction.ApiResources,
        OperationAction.Explain,
        OperationAction.Top,
        OperationAction.RolloutStatus,
        OperationAction.RolloutHistory,
    ];

    /// <summary>The manifest spelling of every action: <c>rollout_undo</c>, <c>api_resources</c>.</summary>
    public static IReadOnlyDictionary<string, OperationAction> ByName { get; } = Enum.GetValues<OperationAction>()
        .ToDictionary(WireName, a => a, StringComparer.Ordinal);

    /// <summary>True for actions that only read the cluster (GET, LIST and WATCH requests).</summary>
    public static bool IsRead(this OperationAction action) => s_reads.Contains(action);

    /// <summary>The snake_case name a manifest uses for <paramref name="action"/>.</summary>
    public static string WireName(this OperationAction action) => string.Concat(action.ToString()
        .Select((c, i) => char.IsUpper(c) ? (i == 0 ? char.ToLowerInvariant(c).ToString() : "_" + char.ToLowerInvariant(c)) : c.ToString()));
}
