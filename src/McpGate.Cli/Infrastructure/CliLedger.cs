using McpGate.Core.Ledger;
using McpGate.Core.Storage;

namespace McpGate.Cli.Infrastructure;

/// <summary>Opens the ledger of an existing data directory; the CLI never creates one by accident.</summary>
internal static class CliLedger
{
    public static ChangeLedger Open(DataDirectory directory)
    {
        if (!File.Exists(directory.LedgerPath))
        {
            throw new CliInputException(
                $"no ledger at {directory.LedgerPath}: start 'mcpgate serve' with this data directory first, or pass the server's --data-dir (or set $MCPGATE_HOME)");
        }

        if (IsTruncated(directory))
        {
            // A server creates the schema at start; an empty file was truncated (or copied while empty).
            throw new CliInputException($"{directory.LedgerPath} is empty: the ledger was truncated or never initialized; restore it from a backup");
        }

        return ChangeLedger.Open(directory.LedgerPath, TimeProvider.System);
    }

    /// <summary>A ledger file that exists but is empty: a server always creates the schema, so it was truncated.</summary>
    public static bool IsTruncated(DataDirectory directory) =>
        File.Exists(directory.LedgerPath) && new FileInfo(directory.LedgerPath).Length == 0;
}
