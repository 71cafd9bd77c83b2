using McpGate.Core.Manifests;

namespace McpGate.Core.Operations;

/// <summary>The write strategies by <c>operation.action</c>.</summary>
public static class WriteStrategies
{
    private static readonly Dictionary<OperationAction, IWriteStrategy> s_strategies = new()
    {
        [OperationAction.Scale] = new PatchStrategy("scale"),
        [OperationAction.Patch] = new PatchStrategy("patch"),
        [OperationAction.Delete] = new DeleteStrategy(),
        [OperationAction.Drain] = new DrainStrategy(),
        [OperationAction.RolloutUndo] = new RolloutUndoStrategy(),
        [OperationAction.Apply] = new ApplyStrategy(),
    };

    /// <summary>The actions that write, each with its strategy.</summary>
    public static IReadOnlyCollection<OperationAction> Actions => s_strategies.Keys;

    /// <exception cref="ArgumentException">The action reads, or has no strategy.</exception>
    public static IWriteStrategy For(OperationAction action) =>
        s_strategies.TryGetValue(action, out var strategy)
            ? strategy
            : throw new ArgumentException($"{action} is not a write action with a strategy", nameof(action));
}
