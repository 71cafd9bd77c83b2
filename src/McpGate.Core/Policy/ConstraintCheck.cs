namespace McpGate.Core.Policy;

/// <summary>The outcome of one constraint rule (minimum, maximum, enum or pattern) on one argument.</summary>
public sealed record ConstraintCheck
{
    public required string Argument { get; init; }

    /// <summary><c>minimum</c>, <c>maximum</c>, <c>enum</c> or <c>pattern</c>.</summary>
    public required string Rule { get; init; }

    public required bool Passed { get; init; }

    /// <summary>A sentence naming the value, the limit and the policy rule that set it.</summary>
    public required string Detail { get; init; }
}
