using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using McpGate.Cli.Infrastructure;
using McpGate.Core.Approvals;
using McpGate.Core.Changes;
using McpGate.Core.Engine;
using McpGate.Core.Ledger;
using McpGate.Core.Policy;
using McpGate.Core.Storage;

namespace McpGate.Cli.Commands;

/// <summary><c>mcpgate changes list|show</c>: find changes, and replay one from its ledger entries.</summary>
internal static partial class ChangesCommand
{
    /// <summary>Below this width the list is printed as blocks, not a table (seven columns would split the ids).</summary>
    private const int WideListColumns = 120;

    public static Command Create() => new("changes", "Find changes and replay one from the ledger: who asked, the proof, the policy, approvals, the requests executed and what verification saw.")
    {
        List(), Show(),
    };

    private static Command List()
    {
        var dataDir = CommonOptions.DataDir();
        var json = CommonOptions.Json();
        var state = new Option<string?>("--state") { Description = "Only changes in this state (or these, separated by commas), e.g. verified or failed,verification_failed." };
        var tool = new Option<string?>("--tool") { Description = "Only changes made by this tool, e.g. scale_deployment." };
        var ns = new Option<string?>("--namespace") { Description = "Only changes whose target is in this namespace." };
        var requester = new Option<string?>("--requester") { Description = "Only changes this agent identity requested." };
        var approver = new Option<string?>("--approver") { Description = "Only changes this approver approved, rejected or cancelled (an entry in the ledger)." };
        var since = new Option<string?>("--since") { Description = "Only changes proposed at or after this time: ISO 8601 with an offset (2026-11-30T14:00:00Z), or a duration before now (24h, 7d, 90m)." };
        var until = new Option<string?>("--until") { Description = "Only changes proposed at or before this time (same forms as --since)." };
        var limit = new Option<string?>("--limit") { Description = $"At most this many changes, newest first (1 to {ChangeListFilter.MaxLimit}; default {ChangeListFilter.DefaultLimit})." };
        var command = new Command("list", "List changes, newest first, filtered by state, tool, namespace, requester, approver and time.")
        {
            dataDir, json, state, tool, ns, requester, approver, since, until, limit,
        };
        command.SetAction((parse, cancellationToken) => CliAction.RunAsync(async () =>
        {
            var filter = ChangeListFilter.Parse(parse.GetValue(state), parse.GetValue(tool), parse.GetValue(ns), parse.GetValue(requester),
                parse.GetValue(approver), parse.GetValue(since), parse.GetValue(until), parse.GetValue(limit), TimeProvider.System.GetUtcNow());
            using var ledger = CliLedger.Open(DataDirectory.Resolve(parse.GetValue(dataDir)));
            var (rows, matched) = await SelectAsync(ledger, filter, cancellationToken);
            var damaged = rows.Count(r => r.Row.Damage is not null);
            if (parse.GetValue(json))
            {
                Terminal.Out.Json(new JsonArray([.. rows.Select(ToJson)]));
            }
            else if (rows.Count == 0)
            {
                Terminal.Out.Line($"No changes match.");
            }
            else if (Terminal.Out.Width < WideListColumns)
            {
                WriteBlocks(rows);
            }
            else
            {
                WriteTable(rows);
            }

            if (matched > rows.Count)
            {
                Terminal.Error.Line($"mcpgate: showing the newest {rows.Count} of {matched} matching changes; use --limit to see more.");
            }

            if (damaged > 0)
            {
                Terminal.Error.Line($"mcpgate: {damaged} change row(s) damaged in {ledger.DatabasePath}; the others are listed. Check the ledger with 'mcpgate ledger verify'.");
                return ExitCodes.CheckFailed;
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>The matching changes, newest first, up to the limit, with their decisions from the ledger; and how many matched in all.</summary>
    private static async Task<(List<ListedChange> Rows, int Matched)> SelectAsync(ChangeLedger ledger, ChangeListFilter filter, CancellationToken cancellationToken)
    {
        var rows = new List<ListedChange>();
        var matched = 0;
        ChangeState? single = filter.States.Count == 1 ? filter.States.First() : null;
        foreach (var stored in await ledger.ListChangesAsync(single, cancellationToken))
        {
            if ((filter.States.Count > 0 && !filter.States.Contains(stored.State))
                || (filter.Since is { } since && stored.CreatedAt < since)
                || (filter.Until is { } until && stored.CreatedAt > until))
            {
                continue;
            }

            var row = ChangeRow.Read(stored);
            if (row.Document is { } c
                ? (filter.Tool is not null && c.Tool != filter.Tool)
                  || (filter.Namespace is not null && c.Target.Namespace != filter.Namespace)
                  || (filter.Requester is not null && !Identities.Same(c.Requester, filter.Requester))
                : filter.ReadsDocument)
            {
                continue;
            }

            if (filter.Approver is null && matched >= filter.Limit)
            {
                matched++;
                continue;
            }

            var decisions = await DecisionsAsync(ledger, stored.ChangeId, cancellationToken);
            if (filter.Approver is not null && !decisions.Any(d => Identities.Same(d.Identity, filter.Approver)))
            {
                continue;
            }

            if (++matched <= filter.Limit)
            {
                rows.Add(new ListedChange(row, stored, decisions));
            }
        }

        return (rows, matched);
    }

    /// <summary>The signed decisions the ledger records for a change (approval_submitted and cancelled entries), as their entries name them.</summary>
    private static async Task<List<ListedDecision>> DecisionsAsync(ChangeLedger ledger, string changeId, CancellationToken cancellationToken)
    {
        var decisions = new List<ListedDecision>();
        foreach (var entry in await ledger.ReadEntriesAsync(0, changeId, cancellationToken))
        {
            var cancel = entry.EventType == ChangeState.Cancelled.ToWire();
            if (entry.EventType != LedgerEvents.ApprovalSubmitted && !cancel)
            {
                continue;
            }

            JsonNode? payload;
            try
            {
                payload = JsonNode.Parse(entry.PayloadJson);
            }
            catch (JsonException)
            {
                continue;
            }

            var identity = payload?["identity"] is JsonValue i && i.GetValueKind() == JsonValueKind.String ? i.GetValue<string>() : null;
            var decision = cancel ? ApprovalDecision.Cancel
                : payload?["decision"] is JsonValue d && d.GetValueKind() == JsonValueKind.String ? d.GetValue<string>() : null;
            if (identity is not null)
            {
                decisions.Add(new ListedDecision(identity, decision ?? "?", entry.Time));
            }
        }

        return decisions;
    }

    private static void WriteTable(List<ListedChange> rows)
    {
        var table = TerminalTable.WithColumns(null, "ID", "STATE", "TOOL", "SUMMARY", "REQUESTER", "DECISIONS", "PROPOSED").KeepWhole("ID");
        foreach (var (row, stored, decisions) in rows)
        {
            if (row.Document is { } c)
            {
                table.AddRow(c.Id, c.State.ToWire(), c.Tool, c.Summary, c.Requester, Decisions(decisions), stored.CreatedAt.ToString("u", CultureInfo.InvariantCulture));
            }
            else
            {
                table.AddRow(row.Id, row.State.ToWire(), "-", TerminalCell.Styled("red", "DAMAGED: see 'changes show " + row.Id + "'"), "-", Decisions(decisions), stored.CreatedAt.ToString("u", CultureInfo.InvariantCulture));
            }
        }

        Terminal.Out.Write(table);
    }

    /// <summary>One block per change, the id first on its own line part, so it is never split and can be copied.</summary>
    private static void WriteBlocks(List<ListedChange> rows)
    {
        foreach (var (row, stored, decisions) in rows)
        {
            Terminal.Out.Line($"{row.Id}  {row.State.ToWire()}");
            Terminal.Out.Line($"  proposed {stored.CreatedAt.ToString("u", CultureInfo.InvariantCulture)}");
            if (row.Document is { } c)
            {
                Terminal.Out.Line($"  {c.Tool}: {c.Summary}");
                Terminal.Out.Line($"  requested by {c.Requester}; decisions: {Decisions(decisions)}");
            }
            else
            {
                Terminal.Out.Markup($"  [red]DAMAGED[/]: see 'changes show {row.Id}'");
            }
        }
    }

    private static string Decisions(List<ListedDecision> decisions) =>
        decisions.Count == 0 ? "-" : string.Join(", ", decisions.Select(d => $"{d.Identity} {d.Decision}"));

    private static JsonNode ToJson(ListedChange listed)
    {
        var (row, stored, decisions) = listed;
        var node = new JsonObject
        {
            ["id"] = row.Id,
            ["state"] = row.State.ToWire(),
        };
        if (row.Document is { } c)
        {
            node["tool"] = c.Tool;
            node["summary"] = c.Summary;
            node["cluster"] = c.Cluster;
            node["target"] = ChangeJson.ToNode(c.Target);
            node["requester"] = c.Requester;
            if (c.Outcome is not null)
            {
                node["outcome"] = c.Outcome;
            }
        }
        else
        {
            node["damaged"] = row.Damage;
        }

        node["proposedAt"] = stored.CreatedAt.ToString("O", CultureInfo.InvariantCulture);
        node["updatedAt"] = stored.UpdatedAt.ToString("O", CultureInfo.InvariantCulture);
        node["decisions"] = new JsonArray([.. decisions.Select(d => (JsonNode)new JsonObject
        {
            ["identity"] = d.Identity,
            ["decision"] = d.Decision,
            ["at"] = d.At.ToString("O", CultureInfo.InvariantCulture),
        })]);
        return node;
    }
}
