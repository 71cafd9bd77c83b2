using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using McpGate.Core.Crypto;
using McpGate.Core.Json;

namespace McpGate.Core.Ledger;

/// <summary>
/// An RFC 6962 inclusion proof of one ledger entry in a signed checkpoint, as the JSON document
/// <c>mcpgate ledger prove</c> prints and <c>mcpgate ledger verify-proof</c> checks with only the
/// gate's public key.
/// </summary>
/// <remarks>
/// Members: <c>type</c> (<see cref="TypeName"/>), <c>entry</c> (the object E whose canonical JSON the
/// entry hash is taken of: changeId, eventType, payload, prevHash, sequence, time), <c>entryHash</c>
/// (<c>sha256:&lt;hex&gt;</c>), <c>leafIndex</c> (sequence - 1), <c>leafHash</c> (base64 of
/// SHA-256(0x00 || entry hash bytes)), <c>treeSize</c>, <c>auditPath</c> (base64 hashes, from the
/// leaf up) and <c>checkpoint</c> (the signed note).
/// </remarks>
public sealed record EntryInclusionProof
{
    public const string TypeName = "mcpgate-inclusion-proof/v1";

    public required LedgerEntry Entry { get; init; }

    public required long TreeSize { get; init; }

    public required IReadOnlyList<byte[]> AuditPath { get; init; }

    public required Checkpoint Checkpoint { get; init; }

    public long LeafIndex => Entry.Sequence - 1;

    public JsonObject ToJson() => new()
    {
        ["type"] = TypeName,
        ["entry"] = new JsonObject
        {
            ["changeId"] = Entry.ChangeId,
            ["eventType"] = Entry.EventType,
            ["payload"] = JsonNode.Parse(Entry.PayloadJson),
            ["prevHash"] = Entry.PreviousHash.ToString(),
            ["sequence"] = Entry.Sequence,
            ["time"] = LedgerTime.ToText(Entry.Time),
        },
        ["entryHash"] = Entry.EntryHash.ToString(),
        ["leafIndex"] = LeafIndex,
        ["leafHash"] = Convert.ToBase64String(ChangeLedger.LeafHash(Entry.EntryHash)),
        ["treeSize"] = TreeSize,
        ["auditPath"] = new JsonArray([.. AuditPath.Select(h => (JsonNode)Convert.ToBase64String(h))]),
        ["checkpoint"] = Checkpoint.Note,
    };

    /// <summary>
    /// Checks a proof document offline: the entry hashes to <c>entryHash</c>, its leaf is at
    /// <c>leafIndex</c>, the checkpoint is signed by <paramref name="gateKey"/> and covers
    /// <c>treeSize</c> entries, and the audit path leads from the leaf to the checkpoint's root.
    /// Returns what is wrong (naming the member), or <see langword="null"/> when it holds.
    /// </summary>
    public static string? Verify(JsonNode? document, Ed25519PublicKey gateKey)
    {
        ArgumentNullException.ThrowIfNull(gateKey);
        if (document is not JsonObject proof)
        {
            return "$: an inclusion proof is a JSON object";
        }

        if (proof["type"]?.GetValueKind() != JsonValueKind.String || proof["type"]!.GetValue<string>() != TypeName)
        {
            return $"$.type: must be \"{TypeName}\"";
        }

        if (proof["entry"] is not JsonObject entry)
        {
            return "$.entry: must be the entry object (changeId, eventType, payload, prevHash, sequence, time)";
        }

        if (ReadEntry(entry, out var sequence) is { } badEntry)
        {
            return badEntry;
        }

        if (Text(proof, "entryHash") is not { } entryHashText || !Sha256Digest.TryParse(entryHashText, out var entryHash) || !entryHashText.StartsWith("sha256:", StringComparison.Ordinal))
        {
            return "$.entryHash: must be \"sha256:\" and 64 hex digits";
        }

        if (Sha256Digest.Compute(CanonicalJson.Serialize(entry)) != entryHash)
        {
            return "$.entry: its canonical JSON (RFC 8785) does not hash to $.entryHash: the entry was altered";
        }

        if (Integer(proof, "leafIndex") is not { } leafIndex || leafIndex != sequence - 1)
        {
            return $"$.leafIndex: must be the entry's sequence minus 1 ({sequence - 1})";
        }

        var leafHash = ChangeLedger.LeafHash(entryHash);
        if (Text(proof, "leafHash") != Convert.ToBase64String(leafHash))
        {
            return "$.leafHash: must be the base64 of SHA-256(0x00 || the 32 bytes of entryHash)";
        }

        if (Integer(proof, "treeSize") is not { } treeSize || treeSize <= leafIndex)
        {
            return "$.treeSize: must be an integer larger than $.leafIndex";
        }

        if (ReadPath(proof) is not { } path)
        {
            return "$.auditPath: must be an array of base64 32-byte hashes";
        }

        if (Text(proof, "checkpoint") is not { } note)
        {
            return "$.checkpoint: must be the signed checkpoint note, a string";
        }

        Checkpoint checkpoint;
        try
        {
            checkpoint = CheckpointNote.Parse(note);
        }
        catch (FormatException ex)
        {
            return $"$.checkpoint: {ex.Message}";
        }

        if (CheckpointNote.Verify(checkpoint, gateKey) is { } badSignature)
        {
            return $"$.checkpoint: {badSignature}";
        }

        if (checkpoint.TreeSize != treeSize)
        {
            return $"$.treeSize: {treeSize} is not the checkpoint's tree size ({checkpoint.TreeSize})";
        }

        return MerkleTree.VerifyInclusion(leafHash, leafIndex, treeSize, path, [.. checkpoint.RootHash])
            ? null
            : $"$.auditPath: does not lead from entry {sequence}'s leaf to the checkpoint's root {checkpoint.RootBase64}: the entry is not in that tree, or the path was altered";
    }

    private static string? ReadEntry(JsonObject entry, out long sequence)
    {
        sequence = 0;
        string[] members = ["changeId", "eventType", "payload", "prevHash", "sequence", "time"];
        if (entry.Select(m => m.Key).Order(StringComparer.Ordinal).SequenceEqual(members) is false)
        {
            return $"$.entry: must have exactly the members {string.Join(", ", members)}";
        }

        if (Integer(entry, "sequence") is not { } value || value < 1)
        {
            return "$.entry.sequence: must be an integer, 1 or more";
        }

        sequence = value;
        foreach (var name in new[] { "changeId", "eventType", "prevHash", "time" })
        {
            if (Text(entry, name) is null)
            {
                return $"$.entry.{name}: must be a string";
            }
        }

        return null;
    }

    private static List<byte[]>? ReadPath(JsonObject proof)
    {
        if (proof["auditPath"] is not JsonArray array)
        {
            return null;
        }

        var path = new List<byte[]>();
        foreach (var item in array)
        {
            var buffer = new byte[MerkleTree.HashSize + 1];
            if (item?.GetValueKind() != JsonValueKind.String || !Convert.TryFromBase64String(item.GetValue<string>(), buffer, out var written) || written != MerkleTree.HashSize)
            {
                return null;
            }

            path.Add(buffer[..MerkleTree.HashSize]);
        }

        return path;
    }

    private static string? Text(JsonObject node, string name) =>
        node[name] is { } value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    /// <summary>A JSON integer (no fraction, no exponent) that fits a long; null for anything else.</summary>
    private static long? Integer(JsonObject node, string name) =>
        node[name] is JsonValue value && value.GetValueKind() == JsonValueKind.Number
            && long.TryParse(value.ToJsonString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
            ? number
            : null;
}
