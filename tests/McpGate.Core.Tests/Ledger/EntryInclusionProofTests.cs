using System.Text.Json.Nodes;
using McpGate.Core.Crypto;
using McpGate.Core.Ledger;
using McpGate.Testing.Ledger;
using McpGate.Testing.Time;

namespace McpGate.Core.Tests.Ledger;

public sealed class EntryInclusionProofTests : IDisposable
{
    private readonly LedgerTestDirectory _directory = new();
    private readonly Ed25519PrivateKey _gateKey = Ed25519PrivateKey.Generate();
    private readonly ChangeLedger _ledger;

    public EntryInclusionProofTests() => _ledger = ChangeLedger.Open(_directory.DatabasePath, new ManualTimeProvider(LedgerTestDirectory.Start));

    public void Dispose()
    {
        _ledger.Dispose();
        _gateKey.Dispose();
        _directory.Dispose();
    }

    public static TheoryData<string, Action<JsonObject>, string> Tampered => new()
    {
        { "payload changed", p => p["entry"]!["payload"]!["by"] = "mallory", "$.entry: its canonical JSON (RFC 8785) does not hash to $.entryHash" },
        { "event type changed", p => p["entry"]!["eventType"] = "approved", "$.entry: its canonical JSON" },
        { "member added to the entry", p => p["entry"]!["extra"] = 1, "$.entry: must have exactly the members" },
        { "entry hash replaced to match a changed entry", p => { p["entry"]!["payload"]!["by"] = "mallory"; p["entryHash"] = Rehash(p); }, "$.leafHash" },
        { "leaf index moved", p => p["leafIndex"] = 4, "$.leafIndex: must be the entry's sequence minus 1 (5)" },
        { "sequence and index moved together", p => { p["entry"]!["sequence"] = 5; p["leafIndex"] = 4; }, "$.entry: its canonical JSON" },
        { "tree size changed", p => p["treeSize"] = 11, "$.treeSize: 11 is not the checkpoint's tree size (12)" },
        { "audit path element flipped", p => p["auditPath"]![1] = Flip(p["auditPath"]![1]!.GetValue<string>()), "$.auditPath: does not lead from entry 6's leaf" },
        { "audit path element dropped", p => p["auditPath"]!.AsArray().RemoveAt(0), "$.auditPath: does not lead" },
        { "audit path not base64", p => p["auditPath"]![0] = "not base64!", "$.auditPath: must be an array of base64 32-byte hashes" },
        { "checkpoint root flipped", p => p["checkpoint"] = FlipRoot(p["checkpoint"]!.GetValue<string>()), "$.checkpoint: the signature of mcpgate/" },
        { "checkpoint removed", p => p.Remove("checkpoint"), "$.checkpoint: must be the signed checkpoint note" },
        { "type changed", p => p["type"] = "other", "$.type: must be \"mcpgate-inclusion-proof/v1\"" },
    };

    [Theory]
    [MemberData(nameof(Tampered))]
    public async Task Verify_TamperedProof_IsRefusedNamingTheMember(string what, Action<JsonObject> tamper, string expected)
    {
        var proof = await ProofOfEntrySixAsync();
        EntryInclusionProof.Verify(proof, _gateKey.PublicKey).Should().BeNull("the untouched proof verifies");

        tamper(proof);

        EntryInclusionProof.Verify(proof, _gateKey.PublicKey).Should().StartWith(expected, what);
    }

    [Fact]
    public async Task Verify_AnotherKey_IsRefused()
    {
        var proof = await ProofOfEntrySixAsync();
        using var other = Ed25519PrivateKey.Generate();

        EntryInclusionProof.Verify(proof, other.PublicKey).Should().StartWith("$.checkpoint: its origin");
    }

    private async Task<JsonObject> ProofOfEntrySixAsync()
    {
        await LedgerHistory.WriteRejectedChangesAsync(_ledger, 3);
        await _ledger.SignCheckpointAsync(_gateKey);
        return (await _ledger.ProveInclusionAsync(6)).ToJson();
    }

    private static string Rehash(JsonObject proof) => Sha256Digest.Compute(McpGate.Core.Json.CanonicalJson.Serialize(proof["entry"])).ToString();

    private static string Flip(string base64)
    {
        var bytes = Convert.FromBase64String(base64);
        bytes[0] ^= 0x80;
        return Convert.ToBase64String(bytes);
    }

    private static string FlipRoot(string note)
    {
        var lines = note.Split('\n');
        lines[2] = Flip(lines[2]);
        return string.Join('\n', lines);
    }
}
