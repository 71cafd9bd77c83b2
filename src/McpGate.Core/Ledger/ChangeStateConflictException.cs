using McpGate.Core.Changes;

namespace McpGate.Core.Ledger;

/// <summary>
/// A compare-and-set on a change's state found another state (or no such change): someone
/// else moved it first, and nothing was written.
/// </summary>
public sealed class ChangeStateConflictException : Exception
{
    public ChangeStateConflictException(string changeId, ChangeState expectedState, ChangeState? actualState)
        : base(actualState is null
            ? $"Change '{changeId}' does not exist (expected it in state '{expectedState.ToWire()}'); nothing was written."
            : $"Change '{changeId}' is in state '{actualState.Value.ToWire()}', not '{expectedState.ToWire()}'; nothing was written.")
    {
        ChangeId = changeId;
        ExpectedState = expectedState;
        ActualState = actualState;
    }

    public string ChangeId { get; }

    public ChangeState ExpectedState { get; }

    /// <summary>The state found, or <see langword="null"/> when the change does not exist.</summary>
    public ChangeState? ActualState { get; }
}
