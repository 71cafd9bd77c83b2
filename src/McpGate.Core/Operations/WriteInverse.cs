namespace McpGate.Core.Operations;

/// <summary>How to undo a write: its steps, or why there are none.</summary>
public sealed record WriteInverse
{
    public IReadOnlyList<WriteStep> Steps { get; init; } = [];

    public string? NoneBecause { get; init; }

    public static WriteInverse None(string because) => new() { NoneBecause = because };

    public static WriteInverse Of(IReadOnlyList<WriteStep> steps) =>
        steps.Count == 0 ? None("the change alters nothing that could be restored") : new() { Steps = steps };
}
