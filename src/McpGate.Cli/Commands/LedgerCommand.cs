using System.CommandLine;
using System.Text.Json.Nodes;
using McpGate.Cli.Infrastructure;
using McpGate.Core.Storage;

namespace McpGate.Cli.Commands;

/// <summary><c>mcpgate ledger verify</c>: recompute every entry's hash and the chain.</summary>
internal static class LedgerCommand
{
    public static Command Create()
    {
        var dataDir = CommonOptions.DataDir();
        var json = CommonOptions.Json();
        var policies = CommonOptions.Policies();
        var verify = new Command("verify", "Recompute the hash chain of every ledger entry, replay every change through the state machine with its signed approvals, and compare each row of the changes table with its entries; exit 1 naming the first entry or row that disagrees.") { dataDir, json, policies };
        verify.SetAction((parse, cancellationToken) => CliAction.RunAsync(async () =>
        {
            var directory = DataDirectory.Resolve(parse.GetValue(dataDir));
            if (CliLedger.IsTruncated(directory))
            {
                Terminal.Out.Line($"ledger BROKEN: {directory.LedgerPath} is empty (truncated); restore it from a backup");
                return ExitCodes.CheckFailed;
            }

            using var ledger = CliLedger.Open(directory);
            var result = await ledger.VerifyAsync(cancellationToken);
            var history = result.Succeeded ? await LedgerHistory.VerifyAsync(ledger, directory, parse.GetValue(policies), cancellationToken) : null;
            var succeeded = result.Succeeded && history is { Succeeded: true };
            if (parse.GetValue(json))
            {
                Terminal.Out.Json(new JsonObject
                {
                    ["succeeded"] = succeeded,
                    ["entriesChecked"] = result.EntriesChecked,
                    ["firstBadSequence"] = result.FirstBadSequence ?? history?.Sequence,
                    ["changesChecked"] = history?.ChangesChecked,
                    ["changeId"] = history?.ChangeId,
                    ["failure"] = result.Failure ?? history?.Failure,
                });
            }
            else if (succeeded)
            {
                Terminal.Out.Line($"ledger OK: {result.EntriesChecked} entries, hash chain intact; {history!.ChangesChecked} changes replayed, each row agrees with its entries ({directory.LedgerPath})");
            }
            else
            {
                Terminal.Out.Line($"ledger BROKEN: {result.Failure ?? history?.Failure} ({directory.LedgerPath})");
            }

            return succeeded ? ExitCodes.Success : ExitCodes.CheckFailed;
        }));
        return new Command("ledger", "Inspect the tamper-evident ledger.") { verify };
    }
}
