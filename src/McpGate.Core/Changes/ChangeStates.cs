using McpGate.Core.Json;

namespace McpGate.Core.Changes;

/// <summary>Wire names (snake_case) of <see cref="ChangeState"/> and which states are final.</summary>
public static class ChangeStates
{
    public static string ToWire(this ChangeState state) => SnakeCaseEnumConverter<ChangeState>.Name(state);

    /// <summary>The state of a wire name; null for any other text (spelled exactly: <c>Approved</c> is not <c>approved</c>).</summary>
    public static ChangeState? FromWire(string? name) => SnakeCaseEnumConverter<ChangeState>.Parse(name);

    /// <summary>Every state's wire name, in the order of the state machine.</summary>
    public static IEnumerable<string> WireNames => Enum.GetValues<ChangeState>().Select(ToWire);

    /// <summary>True when nothing more will happen to a change in this state.</summary>
    public static bool IsFinal(this ChangeState state) => state is
        ChangeState.Denied or ChangeState.Rejected or ChangeState.Expired or ChangeState.Cancelled or ChangeState.Failed
        or ChangeState.Verified or ChangeState.VerificationFailed;

    /// <summary>True when an approver may still cancel a change in this state: execution has not started.</summary>
    public static bool IsCancellable(this ChangeState state) => state is
        ChangeState.PendingApproval or ChangeState.Approved or ChangeState.Waiting;
}
