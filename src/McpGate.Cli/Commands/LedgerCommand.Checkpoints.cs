using McpGate.Cli.Infrastructure;
using McpGate.Core.Ledger;
using McpGate.Core.Storage;

namespace McpGate.Cli.Commands;

internal static partial class LedgerCommand
{
    /// <summary>
    /// The checkpoint part of <c>ledger verify</c>: first the files an auditor passed, alone, so a
    /// failure names them; then everything the data directory holds (the table and checkpoints.log).
    /// </summary>
    private static async Task<CheckpointReport> CheckCheckpointsAsync(
        ChangeLedger ledger, DataDirectory directory, string? publicKeyFile, string[] files, CancellationToken cancellationToken)
    {
        var key = GatePublicKey(directory, publicKeyFile);
        var lines = new List<string>();
        if (key is null)
        {
            if (files.Length > 0)
            {
                throw new CliInputException($"no gate public key at {directory.GatePublicKeyPath} to check the checkpoints with: pass --public-key FILE");
            }

            var stored = await ledger.ReadCheckpointsAsync(cancellationToken);
            return stored.Count == 0 && !File.Exists(ledger.CheckpointLogPath)
                ? new CheckpointReport(["checkpoints: none signed yet"], 0, 0, null)
                : throw new CliInputException($"no gate public key at {directory.GatePublicKeyPath} to check the ledger's checkpoints with: pass --public-key FILE");
        }

        foreach (var file in files)
        {
            IReadOnlyList<LabelledCheckpoint> saved;
            try
            {
                saved = CheckpointLog.Read(file);
            }
            catch (FormatException ex)
            {
                return new CheckpointReport(lines, 0, 0, ex.Message);
            }

            if (saved.Count == 0)
            {
                return new CheckpointReport(lines, 0, 0, $"{file}: holds no checkpoint");
            }

            var result = await ledger.VerifyCheckpointsAsync(key, saved, includeStored: false, cancellationToken);
            if (!result.Succeeded)
            {
                return new CheckpointReport(lines, result.CheckpointsChecked, 0, result.Failure);
            }

            lines.Add($"checkpoint OK: the ledger ({result.TreeSize} entries) extends {file}: {saved.Count} checkpoint(s) signed by {CheckpointNote.OriginFor(key)}, the largest of {result.LargestCheckpointSize} entries");
        }

        IReadOnlyList<LabelledCheckpoint> logged;
        try
        {
            logged = CheckpointLog.Read(ledger.CheckpointLogPath);
        }
        catch (FormatException ex)
        {
            return new CheckpointReport(lines, 0, 0, ex.Message);
        }

        var all = await ledger.VerifyCheckpointsAsync(key, logged, includeStored: true, cancellationToken);
        if (!all.Succeeded)
        {
            return new CheckpointReport(lines, all.CheckpointsChecked, 0, all.Failure);
        }

        lines.Add(all.CheckpointsChecked == 0
            ? "checkpoints: none signed yet"
            : $"checkpoints OK: {all.CheckpointsChecked} signed checkpoints (in the ledger and {ChangeLedger.CheckpointLogFileName}) verify with {CheckpointNote.OriginFor(key)}; the ledger ({all.TreeSize} entries) extends the latest, of {all.LargestCheckpointSize} entries");
        return new CheckpointReport(lines, all.CheckpointsChecked, all.LargestCheckpointSize, null);
    }
}
