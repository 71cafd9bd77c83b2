using System.Text.Json.Nodes;
using McpGate.Core.Crypto;
using McpGate.Core.Json;
using McpGate.Core.Ledger;

namespace McpGate.Core.Tests.Ledger;

public sealed class LedgerEntryHashTests
{
    [Fact]
    public void Genesis_ForFirstEntry_IsSha256OfEmptyString()
    {
        LedgerEntryHash.Genesis.ToString().Should().Be("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    [Fact]
    public void Compute_KnownEntry_MatchesIndependentComputation()
    {
        // Expected value computed with Python's hashlib over the documented byte string:
        // {"changeId":"chg-1","eventType":"change.proposed","payload":{"a":"x","b":[1,2]},
        //  "prevHash":"sha256:e3b0...b855","sequence":1,"time":"2026-01-02T03:04:05.678Z"}
        var payload = CanonicalJson.ToCanonicalString(new JsonObject { ["b"] = new JsonArray(1, 2), ["a"] = "x" });

        var hash = LedgerEntryHash.Compute(1, "chg-1", "change.proposed", payload, "2026-01-02T03:04:05.678Z", LedgerEntryHash.Genesis);

        payload.Should().Be("""{"a":"x","b":[1,2]}""");
        hash.Should().Be(Sha256Digest.Parse("sha256:19d52bdc89779fc57b10968458141d4b68255c466dee76a4a39638cce8fb3ac2"));
    }

    public static TheoryData<string, string, string, string> Entries => new()
    {
        { "chg-abc", "proposed", """{"arguments":{"name":"web","replicas":3},"requester":"agent"}""", "2026-11-30T10:00:00.000Z" },
        { "chg-\"quoted\"\\", "approval_submitted", """{"comment":"line\nbreak \u0001 é 🙂 </script>","n":-1.5e+30}""", "2026-11-30T10:00:00.123Z" },
        { "chg-ü", "event\ttab", "[]", "2026-11-30T10:00:00.999Z" },
        { "chg-x", "verified", "null", "1970-01-01T00:00:00.000Z" },
        { "chg-y", "verified", "\"a string payload\"", "2026-11-30T10:00:00.000Z" },
        { "chg-z", "executed", """{"a":[{},[],true,false,null,0,9007199254740992]}""", "2026-11-30T10:00:00.000Z" },
    };

    [Theory]
    [MemberData(nameof(Entries))]
    public void Compute_AnyEntry_EqualsTheCanonicalizedTreeOfItsDefinition(string changeId, string eventType, string payload, string time)
    {
        var canonical = CanonicalJson.Canonicalize(payload);
        var previous = Sha256Digest.Compute("previous"u8.ToArray());
        var tree = new JsonObject
        {
            ["changeId"] = changeId,
            ["eventType"] = eventType,
            ["payload"] = JsonNode.Parse(canonical),
            ["prevHash"] = previous.ToString(),
            ["sequence"] = 4_000_000_000L,
            ["time"] = time,
        };

        var hash = LedgerEntryHash.Compute(4_000_000_000L, changeId, eventType, canonical, time, previous);

        hash.Should().Be(Sha256Digest.Compute(CanonicalJson.Serialize(tree)));
    }
}
