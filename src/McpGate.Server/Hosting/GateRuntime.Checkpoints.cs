using McpGate.Core.Ledger;

namespace McpGate.Server.Hosting;

public sealed partial class GateRuntime
{
    /// <summary>
    /// Refuses to start on a ledger that is not an extension of every checkpoint the gate signed,
    /// those in the ledger and those in <c>checkpoints.log</c> (entries deleted from the end, the whole
    /// chain rewritten, a checkpoint altered): an executor must not act on a history it cannot vouch for.
    /// </summary>
    /// <exception cref="GateStartupException">The message names the checkpoint and what disagrees.</exception>
    private async Task CheckCheckpointsAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<LabelledCheckpoint> logged;
        try
        {
            logged = CheckpointLog.Read(_ledger.CheckpointLogPath);
        }
        catch (Exception ex) when (ex is FormatException or IOException or UnauthorizedAccessException)
        {
            throw new GateStartupException($"ledger checkpoints {_ledger.CheckpointLogPath}: {ex.Message}. Restore the file from a copy, or the ledger from a backup.", ex);
        }

        var result = await _ledger.VerifyCheckpointsAsync(_gateKey.PublicKey, logged, includeStored: true, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            throw new GateStartupException(
                $"ledger {_ledger.DatabasePath} is not an extension of its signed checkpoints: {result.Failure}. " +
                "Entries were removed or rewritten; the gate does not start on it. Restore the ledger from a backup, and check it with 'mcpgate ledger verify'.");
        }
    }
}
