using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using McpGate.Cli.Infrastructure;
using McpGate.Core.Ledger;
using McpGate.Core.Storage;

namespace McpGate.Cli.Commands;

internal static partial class AuditCommand
{
    /// <summary><c>mcpgate audit notifications</c>: every delivery attempt of notifiers.yaml's notifiers, oldest first.</summary>
    private static Command Notifications()
    {
        var dataDir = CommonOptions.DataDir();
        var json = CommonOptions.Json();
        var change = new Option<string?>("--change") { Description = "Only the notifications about this change (chg-...)." };
        var command = new Command("notifications", "List every attempt to deliver a notification (notifiers.yaml), oldest first: time, notifier, change, event, attempt, outcome, HTTP status or exit code, and why it failed.")
        {
            dataDir, json, change,
        };
        command.SetAction((parse, cancellationToken) => CliAction.RunAsync(async () =>
        {
            using var ledger = CliLedger.Open(DataDirectory.Resolve(parse.GetValue(dataDir)));
            var attempts = await ledger.ListNotificationAttemptsAsync(parse.GetValue(change), cancellationToken);
            if (parse.GetValue(json))
            {
                Terminal.Out.Json(new JsonArray([.. attempts.Select(AttemptJson)]));
            }
            else if (attempts.Count == 0)
            {
                Terminal.Out.Line($"No notification attempts recorded.");
            }
            else
            {
                var table = TerminalTable.WithColumns(null, "TIME", "NOTIFIER", "CHANGE", "EVENT", "ENTRY", "ATTEMPT", "OUTCOME", "STATUS", "ERROR");
                foreach (var attempt in attempts)
                {
                    table.AddRow(
                        attempt.Time.ToString("yyyy-MM-dd HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
                        attempt.Notifier,
                        attempt.ChangeId,
                        attempt.Event,
                        attempt.Sequence.ToString(CultureInfo.InvariantCulture),
                        attempt.Attempt.ToString(CultureInfo.InvariantCulture),
                        attempt.Outcome == NotificationAttempt.Delivered ? attempt.Outcome : TerminalCell.Styled(attempt.Outcome == NotificationAttempt.GaveUp ? "red" : "yellow", attempt.Outcome),
                        attempt.Status?.ToString(CultureInfo.InvariantCulture) ?? "-",
                        attempt.ErrorText ?? string.Empty);
                }

                Terminal.Out.Write(table);
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    private static JsonObject AttemptJson(NotificationAttempt attempt) => new()
    {
        ["id"] = attempt.Id,
        ["time"] = attempt.Time.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        ["deliveryId"] = attempt.DeliveryId,
        ["notifier"] = attempt.Notifier,
        ["changeId"] = attempt.ChangeId,
        ["sequence"] = attempt.Sequence,
        ["event"] = attempt.Event,
        ["attempt"] = attempt.Attempt,
        ["outcome"] = attempt.Outcome,
        ["status"] = attempt.Status,
        ["error"] = attempt.ErrorText,
    };
}
