using McpGate.Core.Approvals;
using McpGate.Core.Crypto;
using McpGate.Core.Ledger;
using McpGate.Server.Hosting;

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
            or InvalidDataException or IOException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"mcpgate: {ex.Message}");
            return ExitCodes.UsageError;
        }
        catch (OperationCanceledException)
        {
            return ExitCodes.CheckFailed;
        }
    }
}
