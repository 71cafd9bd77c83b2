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
}
