using McpGate.Core.Manifests;
using McpGate.Core.Reads.Metrics;
using McpGate.Core.Reads.Rollouts;

namespace McpGate.Core.Reads;

/// <summary>The read strategies by <c>operation.action</c>.</summary>
public static class ReadStrategies
{
    private static readonly Dictionary<OperationAction, IReadStrategy> s_strategies = new()
    {
        [OperationAction.List] = new ListRead(),
        [OperationAction.Get] = new GetRead(),
        [OperationAction.Logs] = new LogsRead(),
        [OperationAction.Events] = new EventsRead(),
        [OperationAction.Describe] = new DescribeRead(),
        [OperationAction.ApiResources] = new ApiResourcesRead(),
        [OperationAction.Explain] = new ExplainRead(),
        [OperationAction.Top] = new TopRead(),
        [OperationAction.RolloutStatus] = new RolloutStatusRead(),
        [OperationAction.RolloutHistory] = new RolloutHistoryRead(),
    };

    /// <summary>The read actions that have a strategy.</summary>
    public static IReadOnlyCollection<OperationAction> Actions => s_strategies.Keys;

    /// <summary>The strategy of a read action; null when it has none.</summary>
    public static IReadStrategy? For(OperationAction action) => s_strategies.GetValueOrDefault(action);
}
