namespace McpGate.Core.Ledger;

/// <summary>
/// A compare-and-set on a change's state found another state (or no such change): someone
/// else moved it first, and nothing was written.
/// </summary>
public sealed class ChangeStateConflictException : Exception
{
    public ChangeStateConflictException(string changeId, string expectedState, string? actualState)
        : base(actualState is null
            ? $"Change '{changeId}' does not exist (expected it in state '{expectedState}'); nothing was written."
            : $"Change '{changeId}' is in state '{actualState}', not '{expectedState}'; nothing was written.")
    {
        ChangeId = changeId;
        ExpectedState = expectedState;
        ActualState = actualState;
    }

    public string ChangeId { get; }

    public string ExpectedState { get; }

    /// <summary>The state found, or <see langword="null"/> when the change does not exist.</summary>
    public string? ActualState { get; }
}
