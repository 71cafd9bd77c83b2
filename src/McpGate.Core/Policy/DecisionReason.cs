using System.Text.Json.Serialization;
using McpGate.Core.Json;

namespace McpGate.Core.Policy;

/// <summary>
/// Why the policy decided as it did, one per branch of <see cref="PolicyEvaluator.Evaluate"/>. On the wire
/// (proof predicate, change documents, ledger payloads, tool results, <c>policy explain --json</c>) as its
/// snake_case name, e.g. <c>default_deny</c>; the rule name and the sentence travel beside it.
/// </summary>
[JsonConverter(typeof(SnakeCaseEnumConverter<DecisionReason>))]
public enum DecisionReason
{
    /// <summary>A read tool: allowed without approval (rule <c>read-passthrough</c>).</summary>
    ReadPassthrough,

    /// <summary>A freeze window covers the write (rule <c>freeze:&lt;window&gt;</c>).</summary>
    Frozen,

    /// <summary>A matching rule with <c>effect: deny</c> (the rule's name).</summary>
    DeniedByRule,

    /// <summary>No rule allows the write (rule <c>default-deny</c>).</summary>
    DefaultDeny,

    /// <summary>The first matching allow rule has a constraint the arguments fail (the rule's name).</summary>
    ConstraintFailed,

    /// <summary>The first matching allow rule allows the write, once approved (the rule's name).</summary>
    AllowedByRule,
}
