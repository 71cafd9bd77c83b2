using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using McpGate.Cli.Infrastructure;
using McpGate.Core.Ledger;
using McpGate.Core.Storage;

namespace McpGate.Cli.Commands;

internal static partial class AuditCommand
{
    /// <summary><c>mcpgate audit reads</c>: the read log, newest first, filtered like <c>changes list</c>.</summary>
    private static Command Reads()
    {
        var dataDir = CommonOptions.DataDir();
        var json = CommonOptions.Json();
        var tool = new Option<string?>("--tool") { Description = "Only calls of this tool, e.g. pods_list." };
        var requester = new Option<string?>("--requester") { Description = "Only reads this agent identity made." };
        var since = new Option<string?>("--since") { Description = "Only reads at or after this time: ISO 8601 with an offset (2026-11-30T14:00:00Z), or a duration before now (24h, 7d, 90m)." };
        var until = new Option<string?>("--until") { Description = "Only reads at or before this time (same forms as --since)." };
        var limit = new Option<string?>("--limit") { Description = $"At most this many reads, newest first (1 to {ChangeListFilter.MaxLimit}; default {ChangeListFilter.DefaultLimit})." };
        var command = new Command("reads", "List the read tool calls the gate recorded, newest first: time, tool, requester, arguments, result size, duration and outcome.")
        {
            dataDir, json, tool, requester, since, until, limit,
        };
        command.SetAction((parse, cancellationToken) => CliAction.RunAsync(async () =>
        {
            var filter = ChangeListFilter.Parse(null, parse.GetValue(tool), null, parse.GetValue(requester), null,
                parse.GetValue(since), parse.GetValue(until), parse.GetValue(limit), TimeProvider.System.GetUtcNow());
            using var ledger = CliLedger.Open(DataDirectory.Resolve(parse.GetValue(dataDir)));
            var query = new ReadQuery { Since = filter.Since, Until = filter.Until, Tool = filter.Tool, Requester = filter.Requester, Limit = filter.Limit + 1 };
            var reads = await ledger.ListReadsAsync(query, cancellationToken);
            var more = reads.Count > filter.Limit;
            var shown = reads.Take(filter.Limit).ToList();
            if (parse.GetValue(json))
            {
                Terminal.Out.Json(new JsonArray([.. shown.Select(ReadJson)]));
            }
            else if (shown.Count == 0)
            {
                Terminal.Out.Line($"No recorded reads match.");
            }
            else
            {
                var table = TerminalTable.WithColumns(null, "TIME", "TOOL", "REQUESTER", "OUTCOME", "BYTES", "MS", "ARGUMENTS");
                foreach (var read in shown)
                {
                    table.AddRow(
                        read.Time.ToString("yyyy-MM-dd HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
                        read.Dropped > 0 ? "-" : read.Tool,
                        read.Dropped > 0 ? "-" : read.Requester,
                        read.Dropped > 0 ? TerminalCell.Styled("yellow", $"{read.Dropped} read(s) not recorded") : Outcome(read),
                        read.ResultSize.ToString(CultureInfo.InvariantCulture),
                        read.Duration.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture),
                        read.Arguments);
                }

                Terminal.Out.Write(table);
            }

            if (more)
            {
                Terminal.Error.Line($"mcpgate: showing the newest {shown.Count} matching reads; use --limit to see more.");
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    private static TerminalCell Outcome(ReadRecord read) => read.Outcome == ReadRecord.Ok
        ? read.Outcome
        : TerminalCell.Styled("red", read.ErrorText is { Length: > 0 } error ? $"{read.Outcome}: {error}" : read.Outcome);

    private static JsonObject ReadJson(ReadRecord read)
    {
        JsonNode? arguments;
        try
        {
            arguments = JsonNode.Parse(read.Arguments);
        }
        catch (JsonException)
        {
            // Edited outside the gate: show it as the text it is.
            arguments = read.Arguments;
        }

        return new JsonObject
        {
            ["id"] = read.Id,
            ["time"] = read.Time.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            ["tool"] = read.Tool,
            ["requester"] = read.Requester,
            ["arguments"] = arguments,
            ["resultSize"] = read.ResultSize,
            ["durationMs"] = Math.Round(read.Duration.TotalMilliseconds, 3),
            ["outcome"] = read.Outcome,
            ["error"] = read.ErrorText,
            ["dropped"] = read.Dropped,
        };
    }
}
