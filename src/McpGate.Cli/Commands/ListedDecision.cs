namespace McpGate.Cli.Commands;

/// <summary>A signed decision as its ledger entry names it (approve, reject or cancel); <c>changes show</c> says whether it verifies.</summary>
internal sealed record ListedDecision(string Identity, string Decision, DateTimeOffset At);
