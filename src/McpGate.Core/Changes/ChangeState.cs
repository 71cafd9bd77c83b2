using System.Text.Json.Serialization;
using McpGate.Core.Json;

namespace McpGate.Core.Changes;

/// <summary>
/// The life of a change request; see docs/ledger.md for the transitions. On the wire (ledger rows and
/// documents, tool results, <c>--json</c>) as its snake_case name: <c>pending_approval</c>, <c>verification_failed</c>.
/// </summary>
[JsonConverter(typeof(SnakeCaseEnumConverter<ChangeState>))]
public enum ChangeState
{
    Proposed,
    Proven,
    Denied,
    PendingApproval,
    Approved,

    /// <summary>Approved, and held by a freeze window until it ends (<see cref="ChangeDocument.Waiting"/> says which and until when).</summary>
    Waiting,
    Rejected,
    Expired,

    /// <summary>Stopped by an approver's signed cancel before execution started; nothing was changed.</summary>
    Cancelled,
    Executing,
    Executed,
    Failed,
    Verifying,
    Verified,
    VerificationFailed,
}
