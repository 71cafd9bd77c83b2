using System.CommandLine;
using System.Text.Json.Nodes;
using McpGate.Cli.Infrastructure;
using McpGate.Core.Audit;
using McpGate.Core.Crypto;
using McpGate.Core.Ledger;
using McpGate.Core.Storage;
using Microsoft.Data.Sqlite;

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
            LedgerVerification? chain = null;
            CheckpointReport? report;
            HistoryVerification? history;
            try
            {
                chain = await ledger.VerifyAsync(cancellationToken);
                report = chain.Succeeded
                    ? await CheckCheckpointsAsync(ledger, directory, parse.GetValue(publicKey), files, cancellationToken)
                    : null;
                history = chain.Succeeded ? await LedgerHistory.VerifyAsync(ledger, directory, parse.GetValue(policies), cancellationToken) : null;
            }
            catch (Exception e) when (DamageOf(e) is { } reason)
            {
                // A damaged page is a broken ledger, not a usage error: said like any other failure.
                var where = chain is { Succeeded: true } ? "after the hash chain passed" : "while the ledger was read";
                var failure = $"the file is damaged: SQLite cannot read part of it {where} ({reason}); what lies in the damaged pages cannot be checked, restore the ledger from a backup";
                if (parse.GetValue(json))
                {
                    Terminal.Out.Json(new JsonObject { ["succeeded"] = false, ["entriesChecked"] = chain?.EntriesChecked ?? 0, ["failure"] = failure });
                }
                else
                {
                    if (chain is { Succeeded: true })
                    {
                        Terminal.Out.Line($"hash chain intact: {chain.EntriesChecked} entries ({directory.LedgerPath})");
                    }

                    Terminal.Out.Line($"ledger BROKEN: {failure} ({directory.LedgerPath})");
                }

                return ExitCodes.CheckFailed;
            }
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

    /// <summary>
    /// SQLite's own words (without its error number) when <paramref name="e"/> says the file is
    /// damaged (SQLITE_CORRUPT, SQLITE_NOTADB), whether the ledger named it a storage fault or a
    /// read passed it on; null for anything else.
    /// </summary>
    private static string? DamageOf(Exception e)
    {
        var sqlite = e switch
        {
            LedgerStorageException { Condition: LedgerStorageCondition.Corrupt } fault => fault.InnerException as SqliteException,
            SqliteException { SqliteErrorCode: 11 or 26 } direct => direct,
            _ => null,
        };
        return sqlite?.Message.Replace($"SQLite Error {sqlite.SqliteErrorCode}: ", string.Empty, StringComparison.Ordinal).Trim('\'', '.', ' ')
            ?? (e is LedgerStorageException { Condition: LedgerStorageCondition.Corrupt } ? "damaged" : null);
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
