using System.CommandLine;
using System.Text.Json.Nodes;
using McpGate.Cli.Infrastructure;
using McpGate.Core.Crypto;
using McpGate.Core.Ledger;
using McpGate.Core.Storage;

namespace McpGate.Cli.Commands;

/// <summary>
/// <c>mcpgate ledger verify</c>: recompute every entry's hash and the chain, and check the ledger
/// against its signed checkpoints and any checkpoint an auditor kept; <c>prove</c> and
/// <c>verify-proof</c>: inclusion proofs of one entry.
/// </summary>
internal static partial class LedgerCommand
{
    public static Command Create() =>
        new("ledger", "Inspect the tamper-evident ledger.") { Verify(), Prove(), VerifyProof() };

    private static Command Verify()
    {
        var dataDir = CommonOptions.DataDir();
        var json = CommonOptions.Json();
        var policies = CommonOptions.Policies();
        var checkpoint = new Option<string[]>("--checkpoint")
        {
            Description = "A checkpoint saved earlier (a signed note, or a copy of checkpoints.log): prove the current ledger extends it. Repeatable.",
        };
        var publicKey = PublicKeyOption("The gate's public key (PEM or ed25519:BASE64) that signs checkpoints. Default: gate-key.pub.pem in the data directory.", required: false);
        var verify = new Command(
            "verify",
            "Recompute the hash chain of every ledger entry, check the ledger extends every signed checkpoint (stored, in checkpoints.log, and --checkpoint files), replay every change through the state machine with its signed approvals, and compare each row of the changes table with its entries; exit 1 naming the first entry, checkpoint or row that disagrees.")
        {
            dataDir, json, checkpoint, publicKey, policies,
        };
        verify.SetAction((parse, cancellationToken) => CliAction.RunAsync(async () =>
        {
            var directory = DataDirectory.Resolve(parse.GetValue(dataDir));
            if (CliLedger.IsTruncated(directory))
            {
                Terminal.Out.Line($"ledger BROKEN: {directory.LedgerPath} is empty (truncated); restore it from a backup");
                return ExitCodes.CheckFailed;
            }

            var files = parse.GetValue(checkpoint) ?? [];
            foreach (var file in files.Where(f => !File.Exists(f)))
            {
                throw new CliInputException($"--checkpoint {file}: no such file");
            }

            using var ledger = CliLedger.Open(directory);
            var chain = await ledger.VerifyAsync(cancellationToken);
            var report = chain.Succeeded
                ? await CheckCheckpointsAsync(ledger, directory, parse.GetValue(publicKey), files, cancellationToken)
                : null;
            var history = chain.Succeeded ? await LedgerHistory.VerifyAsync(ledger, directory, parse.GetValue(policies), cancellationToken) : null;
            var succeeded = chain.Succeeded && report!.Failure is null && history is { Succeeded: true };
            if (parse.GetValue(json))
            {
                Terminal.Out.Json(new JsonObject
                {
                    ["succeeded"] = succeeded,
                    ["entriesChecked"] = chain.EntriesChecked,
                    ["firstBadSequence"] = chain.FirstBadSequence ?? history?.Sequence,
                    ["failure"] = chain.Failure ?? report?.Failure ?? history?.Failure,
                    ["checkpointsChecked"] = report?.Checked ?? 0,
                    ["latestCheckpointSize"] = report?.LatestSize ?? 0,
                    ["changesChecked"] = history?.ChangesChecked,
                    ["changeId"] = history?.ChangeId,
                });
            }
            else if (!chain.Succeeded)
            {
                Terminal.Out.Line($"ledger BROKEN: {chain.Failure} ({directory.LedgerPath})");
            }
            else
            {
                // "ledger OK" is said only of a ledger that passes every check.
                if (succeeded)
                {
                    Terminal.Out.Line($"ledger OK: {chain.EntriesChecked} entries, hash chain intact ({directory.LedgerPath})");
                }
                else
                {
                    Terminal.Out.Line($"hash chain intact: {chain.EntriesChecked} entries ({directory.LedgerPath})");
                }

                foreach (var line in report!.Lines)
                {
                    Terminal.Out.Line($"{line}");
                }

                if (report.Failure is not null)
                {
                    Terminal.Out.Line($"ledger BROKEN: {report.Failure} ({directory.LedgerPath})");
                }

                if (history!.Succeeded)
                {
                    Terminal.Out.Line($"history OK: {history.ChangesChecked} changes replayed, each row agrees with its entries");
                }
                else
                {
                    Terminal.Out.Line($"ledger BROKEN: {history.Failure} ({directory.LedgerPath})");
                }
            }

            return succeeded ? ExitCodes.Success : ExitCodes.CheckFailed;
        }));
        return verify;
    }

    private static Option<string?> PublicKeyOption(string description, bool required) => new("--public-key")
    {
        Description = description,
        Required = required,
    };

    /// <summary>The gate key checkpoints are checked with: <c>--public-key FILE</c>, else the data directory's; null when neither exists.</summary>
    private static Ed25519PublicKey? GatePublicKey(DataDirectory directory, string? file)
    {
        if (file is not null)
        {
            return File.Exists(file)
                ? KeyFile.ReadPublicKey(file)
                : throw new CliInputException($"--public-key {file}: no such file");
        }

        return GateKeyStore.TryLoadPublicKey(directory);
    }
}
