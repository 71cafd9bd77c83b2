using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using McpGate.Core.Approvals;
using McpGate.Core.Changes;
using McpGate.Core.Crypto;
using McpGate.Core.Ledger;

namespace McpGate.Core.Audit;

/// <summary>
/// Writes what an auditor needs to check the ledger offline, with nothing but the export: as JSON
/// Lines, a header (format, the gate's public key, the policy's approvers and their keys), every
/// entry in the time range exactly as stored and hashed, and each change's signed proof. Or a flat
/// CSV sheet of the same entries for spreadsheets (not verifiable: no hashes of payloads).
/// Nothing secret is in a ledger, so nothing secret is in an export.
/// </summary>
public static class AuditExport
{
    public const string Format = "mcpgate-audit/v1";

    /// <summary>The range and where the keys come from.</summary>
    public sealed record Options
    {
        public DateTimeOffset? Since { get; init; }

        public DateTimeOffset? Until { get; init; }

        public required Ed25519PublicKey GateKey { get; init; }

        public IReadOnlyList<TrustedApprover> Approvers { get; init; } = [];

        public required DateTimeOffset ExportedAt { get; init; }
    }

    /// <returns>How many entries were written.</returns>
    public static async Task<long> WriteJsonLinesAsync(ChangeLedger ledger, Options options, TextWriter output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        await WriteLineAsync(output, new JsonObject
        {
            ["type"] = "header",
            ["format"] = Format,
            ["exportedAt"] = options.ExportedAt.ToString("O", CultureInfo.InvariantCulture),
            ["since"] = options.Since?.ToString("O", CultureInfo.InvariantCulture),
            ["until"] = options.Until?.ToString("O", CultureInfo.InvariantCulture),
            ["gatePublicKey"] = options.GateKey.ToString(),
            ["approvers"] = new JsonArray([.. options.Approvers.Select(a => (JsonNode)new JsonObject
            {
                ["identity"] = a.Identity,
                ["groups"] = new JsonArray([.. a.Groups.Select(g => (JsonNode)g)]),
                ["publicKey"] = a.PublicKey.ToString(),
            })]),
        }).ConfigureAwait(false);

        long written = 0;
        await foreach (var history in ledger.ReadHistoriesAsync(cancellationToken).ConfigureAwait(false))
        {
            var entries = history.Entries.Where(e => InRange(e, options)).ToList();
            if (entries.Count == 0)
            {
                continue;
            }

            await WriteLineAsync(output, new JsonObject
            {
                ["type"] = "change",
                ["changeId"] = history.ChangeId,
                ["state"] = history.RowState,
                ["proofEnvelope"] = ChangeHistoryVerifier.ProofEnvelopeOf(history.RowDocument),
            }).ConfigureAwait(false);
            foreach (var entry in entries)
            {
                await WriteLineAsync(output, new JsonObject
                {
                    ["type"] = "entry",
                    ["seq"] = entry.Sequence,
                    ["changeId"] = entry.ChangeId,
                    ["eventType"] = entry.EventType,
                    ["payload"] = entry.PayloadJson,
                    ["time"] = LedgerTime.ToText(entry.Time),
                    ["prevHash"] = entry.PreviousHash.ToString(),
                    ["entryHash"] = entry.EntryHash.ToString(),
                }).ConfigureAwait(false);
                written++;
            }
        }

        return written;
    }

    /// <returns>How many entries were written.</returns>
    public static async Task<long> WriteCsvAsync(ChangeLedger ledger, Options options, TextWriter output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        await output.WriteLineAsync("seq,time,change_id,event,from,to,who,decision,detail,entry_hash").ConfigureAwait(false);
        var all = (await ledger.ReadEntriesAsync(0, null, cancellationToken).ConfigureAwait(false)).Where(e => InRange(e, options));
        long written = 0;
        foreach (var entry in all)
        {
            var payload = JsonNode.Parse(entry.PayloadJson) as JsonObject ?? [];
            string? Text(string name) => payload[name] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
            var who = Text("identity") ?? Text("by") ?? Text("requester") ?? (payload["approvers"] is JsonArray a ? string.Join(" ", a.Select(n => n?.ToString())) : null);
            var detail = Text("reason") ?? Text("detail") ?? Text("rule") ?? Text("proofDigest");
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

    private static bool InRange(LedgerEntry entry, Options options) =>
        (options.Since is not { } since || entry.Time >= since) && (options.Until is not { } until || entry.Time < until);

    /// <summary>RFC 4180: quoted when it holds a comma, quote or line break; a leading = + - @ is prefixed with ' so a spreadsheet never runs it as a formula.</summary>
    private static string Cell(string text)
    {
        if (text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            text = "'" + text;
        }

        return text.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }

    private static Task WriteLineAsync(TextWriter output, JsonObject line) =>
        output.WriteLineAsync(line.ToJsonString(s_compact));

    private static readonly JsonSerializerOptions s_compact = new() { WriteIndented = false, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>UTF-8 without a byte order mark, for files an auditor's tools read.</summary>
    public static Encoding FileEncoding { get; } = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
}
