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
        var verify = new Command("verify", "Recompute the hash chain of every ledger entry; exit 1 naming the first bad entry.") { dataDir, json };
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
            if (parse.GetValue(json))
            {
                Terminal.Out.Json(new JsonObject
                {
                    ["succeeded"] = result.Succeeded,
                    ["entriesChecked"] = result.EntriesChecked,
                    ["firstBadSequence"] = result.FirstBadSequence,
                    ["failure"] = result.Failure,
                });
            }
            else if (result.Succeeded)
            {
                Terminal.Out.Line($"ledger OK: {result.EntriesChecked} entries, hash chain intact ({directory.LedgerPath})");
            }
            else
            {
                Terminal.Out.Line($"ledger BROKEN: {result.Failure} ({directory.LedgerPath})");
            }

            return result.Succeeded ? ExitCodes.Success : ExitCodes.CheckFailed;
        }));
        return new Command("ledger", "Inspect the tamper-evident ledger.") { verify };
    }
}
