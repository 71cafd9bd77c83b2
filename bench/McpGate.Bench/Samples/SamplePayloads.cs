using System.Text.Json.Nodes;
using McpGate.Core.Dsse;
using McpGate.Core.Engine;
using McpGate.Core.Json;
using McpGate.Testing.Engine;

namespace McpGate.Bench.Samples;

/// <summary>
/// Real payloads, taken from one real proposal and approval on a throwaway gate, so the
/// benchmarks hash, sign and store what the gate actually writes rather than made-up JSON.
/// </summary>
internal sealed record SamplePayloads
{
    /// <summary>The stored change document after the proposal (it embeds the signed proof).</summary>
    public required string ChangeDocumentJson { get; init; }

    /// <summary>The ledger payloads, by event type: proposed, proven, pending_approval, approval_submitted.</summary>
    public required IReadOnlyDictionary<string, JsonNode> EventPayloads { get; init; }

    public required string ProofPayloadType { get; init; }

    /// <summary>The proof's in-toto statement, the bytes the gate signs.</summary>
    public required byte[] ProofPayload { get; init; }

    public JsonNode Payload(string eventType) => EventPayloads[eventType].DeepClone();

    /// <summary>
    /// The real statement grown to at least <paramref name="size"/> bytes with more dry-run diff
    /// lines, as a change touching several fields (images of several containers) would carry.
    /// </summary>
    public byte[] ProofPayloadGrownTo(int size)
    {
        var statement = JsonNode.Parse(ProofPayload) ?? throw new InvalidOperationException("the proof payload is null");
        var diff = statement["predicate"]?["dryRun"]?["diff"]?.AsArray()
            ?? throw new InvalidOperationException("the proof has no predicate.dryRun.diff");
        var payload = CanonicalJson.Serialize(statement);
        for (var container = 0; payload.Length < size; container++)
        {
            diff.Add(new JsonObject
            {
                ["from"] = $"registry.example.com/team/web-sidecar-{container}:1.4.2",
                ["path"] = $"spec.template.spec.containers[{container}].image",
                ["to"] = $"registry.example.com/team/web-sidecar-{container}:1.5.0",
            });
            payload = CanonicalJson.Serialize(statement);
        }

        return payload;
    }

    public static async Task<SamplePayloads> HarvestAsync()
    {
        await using var gate = await GateHarness.StartAsync();
        var change = await gate.ProposeScaleAsync(4);
        await gate.SubmitAsync(change.Id, "alice");

        var stored = await gate.Ledger.GetChangeAsync(change.Id)
            ?? throw new InvalidOperationException($"change {change.Id} is not in the ledger");
        var payloads = new Dictionary<string, JsonNode>(StringComparer.Ordinal);
        foreach (var entry in await gate.Ledger.ReadEntriesAsync(0, change.Id))
        {
            payloads[entry.EventType] = JsonNode.Parse(entry.PayloadJson)
                ?? throw new InvalidOperationException($"entry {entry.Sequence} has a null payload");
        }

        string[] expected = ["proposed", "proven", "pending_approval", LedgerEvents.ApprovalSubmitted];
        if (expected.FirstOrDefault(e => !payloads.ContainsKey(e)) is { } missing)
        {
            throw new InvalidOperationException($"the sample proposal wrote no '{missing}' entry");
        }

        var proof = DsseEnvelope.Parse(change.ProofEnvelope ?? throw new InvalidOperationException("the sample proposal has no proof"));
        return new SamplePayloads
        {
            ChangeDocumentJson = stored.DocumentJson,
            EventPayloads = payloads,
            ProofPayloadType = proof.PayloadType,
            ProofPayload = proof.Payload,
        };
    }
}
