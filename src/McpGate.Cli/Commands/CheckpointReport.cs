namespace McpGate.Cli.Commands;

/// <summary>What <c>ledger verify</c> found about checkpoints: lines to print, how many verified, the latest size, the first failure.</summary>
internal sealed record CheckpointReport(IReadOnlyList<string> Lines, int Checked, long LatestSize, string? Failure);
