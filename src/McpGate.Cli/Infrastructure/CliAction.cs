using System.Text.Json;
using McpGate.Core.Approvals;
using McpGate.Core.Crypto;
using McpGate.Core.Dsse;
using McpGate.Core.Ledger;
using McpGate.Core.Manifests;
using McpGate.Core.Policy;
using McpGate.Server.Hosting;
using Microsoft.Data.Sqlite;

namespace McpGate.Cli.Infrastructure;

/// <summary>
/// Runs a command body and turns the errors an operator can fix into one line: exit code 2 for
/// input errors, 1 when the ledger's storage (full, read-only, gone) refuses the command or a change row is damaged.
/// </summary>
internal static class CliAction
{
    public static async Task<int> RunAsync(Func<Task<int>> body)
    {
        try
        {
            return await body();
        }
        catch (LedgerStorageException ex)
        {
            // One line naming the condition and the path; the SQLite error adds nothing an operator acts on.
            Terminal.Error.Line($"mcpgate: {ex.Message}. Nothing was recorded; fix the storage and run the command again.");
            return ExitCodes.CheckFailed;
        }
        catch (LedgerCorruptException ex)
        {
            // The ledger is the thing checked and it is bad: exit 1, as 'ledger verify' does for the same row.
            Terminal.Error.Line($"mcpgate: {ex.Message}");
            return ExitCodes.CheckFailed;
        }
        catch (Exception ex) when (ex is CliInputException or GateStartupException or KeyFormatException
            or ApprovalRefusedException or ChangeStateConflictException or FormatException
            or PolicyValidationException or ManifestValidationException or DsseFormatException or JsonException
            or SqliteException or InvalidDataException or IOException or UnauthorizedAccessException)
        {
            Terminal.Error.Line($"mcpgate: {ex.Message}");
            return ExitCodes.UsageError;
        }
        catch (OperationCanceledException)
        {
            Terminal.Error.Line($"mcpgate: interrupted");
            return ExitCodes.Interrupted;
        }
    }
}
