namespace McpGate.Core.Engine;

/// <summary>
/// A drain's evictions refused by PodDisruptionBudgets, while the engine waits for the budgets to
/// allow them: until when it waits (the change's verify timeout from the first refusal), how many
/// refusals it saw, and the last one recorded in the ledger (a new one is recorded when it differs).
/// </summary>
internal sealed class DisruptionBudgetWait(DateTimeOffset until)
{
    public DateTimeOffset Until { get; } = until;

    public int Refusals { get; set; }

    public string? LastRecorded { get; set; }
}
