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
    Rejected,
    Expired,
    Executing,
    Executed,
    Failed,
    Verifying,
    Verified,
    VerificationFailed,
}
