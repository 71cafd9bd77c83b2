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
/// Lines: a header (format, the gate's public key, the policy's approvers and their keys), the
/// signed checkpoints, each change's signed proof, every entry in the time range exactly as
/// stored and hashed, and the hash of every other entry. The CSV sheet is <see cref="AuditCsv"/>.
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

    /// <summary>
    /// Writes the export. Checkpoints are read first and the entries after, from one snapshot, so
    /// the entries always cover every checkpoint written. Entries outside the range are written as
    /// <c>hash</c> lines (their sequence and entry hash only), so that the chain and the Merkle
    /// tree of the whole ledger can still be checked.
    /// </summary>
    /// <returns>How many entries were written in full.</returns>
    public static async Task<long> WriteJsonLinesAsync(ChangeLedger ledger, Options options, TextWriter output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        var checkpoints = await ledger.ReadCheckpointsAsync(cancellationToken).ConfigureAwait(false);
        var histories = new List<ChangeHistory>();
        await foreach (var history in ledger.ReadHistoriesAsync(cancellationToken).ConfigureAwait(false))
        {
            histories.Add(history);
        }

        var entries = histories.SelectMany(h => h.Entries).OrderBy(e => e.Sequence).ToList();
        await WriteLineAsync(output, Header(options, entries.Count)).ConfigureAwait(false);
        foreach (var checkpoint in checkpoints)
        {
            await WriteLineAsync(output, new JsonObject
            {
                ["type"] = "checkpoint",
                ["id"] = checkpoint.Id,
                ["signedAt"] = LedgerTime.ToText(checkpoint.SignedAt),
                ["note"] = checkpoint.Checkpoint.Note,
            }).ConfigureAwait(false);
        }

        foreach (var history in histories.Where(h => h.Entries.Any(e => InRange(e, options))))
        {
            await WriteLineAsync(output, new JsonObject
            {
                ["type"] = "change",
                ["changeId"] = history.ChangeId,
                ["state"] = history.RowState,
                ["proofEnvelope"] = ChangeHistoryVerifier.ProofEnvelopeOf(history.RowDocument),
            }).ConfigureAwait(false);
        }

        long written = 0;
        foreach (var entry in entries)
        {
            if (!InRange(entry, options))
            {
                await WriteLineAsync(output, new JsonObject { ["type"] = "hash", ["seq"] = entry.Sequence, ["entryHash"] = entry.EntryHash.ToString() }).ConfigureAwait(false);
                continue;
            }

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

        return written;
    }

    private static JsonObject Header(Options options, long treeSize) => new()
    {
        ["type"] = "header",
        ["format"] = Format,
        ["exportedAt"] = options.ExportedAt.ToString("O", CultureInfo.InvariantCulture),
        ["since"] = options.Since?.ToString("O", CultureInfo.InvariantCulture),
        ["until"] = options.Until?.ToString("O", CultureInfo.InvariantCulture),
        ["treeSize"] = treeSize,
        ["gatePublicKey"] = options.GateKey.ToString(),
        ["approvers"] = new JsonArray([.. options.Approvers.Select(a => (JsonNode)new JsonObject
        {
            ["identity"] = a.Identity,
            ["groups"] = new JsonArray([.. a.Groups.Select(g => (JsonNode)g)]),
            ["publicKey"] = a.PublicKey.ToString(),
        })]),
    };

    internal static bool InRange(LedgerEntry entry, Options options) =>
        (options.Since is not { } since || entry.Time >= since) && (options.Until is not { } until || entry.Time < until);

    private static Task WriteLineAsync(TextWriter output, JsonObject line) =>
        output.WriteLineAsync(line.ToJsonString(s_compact));

    /// <summary>The default encoder: control and non-ASCII characters as <c>\uXXXX</c>, so an export is safe on a terminal and decodes to exactly the stored text.</summary>
    private static readonly JsonSerializerOptions s_compact = new() { WriteIndented = false };

    /// <summary>UTF-8 without a byte order mark, for files an auditor's tools read.</summary>
    public static Encoding FileEncoding { get; } = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
}
