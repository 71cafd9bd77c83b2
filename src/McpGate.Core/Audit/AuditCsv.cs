using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using McpGate.Core.Ledger;
using McpGate.Core.Text;

namespace McpGate.Core.Audit;

/// <summary>
/// <c>mcpgate audit export --format csv</c>: one row per ledger entry, for spreadsheets. Not
/// verifiable (payloads are summarised, not kept whole): the JSON Lines export is the one to check.
/// </summary>
public static class AuditCsv
{
    public const string Header = "seq,time,change_id,event,from,to,who,decision,detail,entry_hash";

    /// <returns>How many entries were written.</returns>
    public static async Task<long> WriteAsync(ChangeLedger ledger, AuditExport.Options options, TextWriter output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        await output.WriteLineAsync(Header).ConfigureAwait(false);
        var all = (await ledger.ReadEntriesAsync(0, null, cancellationToken).ConfigureAwait(false)).Where(e => AuditExport.InRange(e, options));
        long written = 0;
        foreach (var entry in all)
        {
            var payload = Parse(entry.PayloadJson);
            string? Text(string name) => payload?[name] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
            var who = Text("identity") ?? Text("by") ?? Text("requester") ?? (payload?["approvers"] is JsonArray a ? string.Join(" ", a.Select(n => n?.ToString())) : null);
            var detail = payload is null ? "(the payload is not a JSON object)" : Text("reason") ?? Text("text") ?? Text("detail") ?? Text("rule") ?? Text("proofDigest");
            string[] cells =
            [
                entry.Sequence.ToString(CultureInfo.InvariantCulture), LedgerTime.ToText(entry.Time), entry.ChangeId, entry.EventType,
                Text("from") ?? string.Empty, Text("to") ?? string.Empty, who ?? string.Empty, Text("decision") ?? string.Empty, detail ?? string.Empty, entry.EntryHash.ToString(),
            ];
            await output.WriteLineAsync(string.Join(',', cells.Select(Cell))).ConfigureAwait(false);
            written++;
        }

        return written;
    }

    private static JsonObject? Parse(string payload)
    {
        try
        {
            return JsonNode.Parse(payload) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// RFC 4180: quoted when it holds a comma, quote or line break; a leading = + - @ is prefixed
    /// with ' so a spreadsheet never runs it as a formula; control and invisible characters are
    /// written as <c>\uXXXX</c> (<see cref="UntrustedText.Escape"/>), safe on a terminal.
    /// </summary>
    internal static string Cell(string text)
    {
        text = UntrustedText.Escape(text);
        if (text.Length > 0 && text[0] is '=' or '+' or '-' or '@')
        {
            text = "'" + text;
        }

        return text.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }
}
