using McpGate.Core.Json;

namespace McpGate.Core.Policy;

/// <summary>The wire names of <see cref="DecisionReason"/> and what each one says about the decision.</summary>
public static class DecisionReasons
{
    public static string ToWire(this DecisionReason reason) => SnakeCaseEnumConverter<DecisionReason>.Name(reason);

    /// <summary>The reason of a wire name; null for any other text (spelled exactly: <c>Frozen</c> is not <c>frozen</c>).</summary>
    public static DecisionReason? FromWire(string? text) => SnakeCaseEnumConverter<DecisionReason>.Parse(text);

    /// <summary>True when the decision's rule name is a rule of the policy files (not a built-in decision).</summary>
    public static bool NamesPolicyRule(this DecisionReason reason) =>
        reason is DecisionReason.DeniedByRule or DecisionReason.ConstraintFailed or DecisionReason.AllowedByRule;
}
