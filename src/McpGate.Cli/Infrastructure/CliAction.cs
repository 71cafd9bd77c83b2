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

/// <summary>Runs a command body and turns the errors an operator can fix into one line and exit code 2.</summary>
internal static class CliAction
{
    public static async Task<int> RunAsync(Func<Task<int>> body)
    {
        try
        {
            return await body();
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
