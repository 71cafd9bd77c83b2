using System.Collections.Frozen;

namespace McpGate.Core.Changes;

/// <summary>Wire names (snake_case) of <see cref="ChangeState"/> and which states are final.</summary>
public static class ChangeStates
{
    private static readonly FrozenDictionary<ChangeState, string> s_names = new Dictionary<ChangeState, string>
    {
        [ChangeState.Proposed] = "proposed",
        [ChangeState.Proven] = "proven",
        [ChangeState.Denied] = "denied",
        [ChangeState.PendingApproval] = "pending_approval",
        [ChangeState.Approved] = "approved",
        [ChangeState.Rejected] = "rejected",
        [ChangeState.Expired] = "expired",
        [ChangeState.Executing] = "executing",
        [ChangeState.Executed] = "executed",
        [ChangeState.Failed] = "failed",
        [ChangeState.Verifying] = "verifying",
        [ChangeState.Verified] = "verified",
        [ChangeState.VerificationFailed] = "verification_failed",
    }.ToFrozenDictionary();

    private static readonly FrozenDictionary<string, ChangeState> s_byName =
        s_names.ToFrozenDictionary(kv => kv.Value, kv => kv.Key, StringComparer.Ordinal);

    public static string ToWire(this ChangeState state) => s_names[state];

    public static ChangeState Parse(string name) => s_byName.TryGetValue(name, out var state)
        ? state
        : throw new FormatException($"'{name}' is not a change state (known: {string.Join(", ", s_byName.Keys)}).");

    public static IEnumerable<string> WireNames => s_names.Values;

    /// <summary>True when nothing more will happen to a change in this state.</summary>
    public static bool IsFinal(this ChangeState state) => state is
        ChangeState.Denied or ChangeState.Rejected or ChangeState.Expired or ChangeState.Failed
        or ChangeState.Verified or ChangeState.VerificationFailed;
}
