using System.Text;
using McpGate.Core.Dsse;

namespace McpGate.Core.Tests.Dsse;

public sealed class DsseEnvelopeTests
{
    [Fact]
    public void ToJson_Envelope_HasDsseShapeAndStandardBase64()
    {
        var envelope = new DsseEnvelope
        {
            PayloadType = "application/vnd.in-toto+json",
            Payload = [0xfb, 0xff, 0xfe],
            Signatures = [new DsseSignature { KeyId = "k1", Sig = [0xff, 0xef] }],
        };

        envelope.ToJson().Should().Be("""{"payload":"+//+","payloadType":"application/vnd.in-toto+json","signatures":[{"keyid":"k1","sig":"/+8="}]}""");
    }

    [Fact]
    public void Parse_ToJsonOutput_RoundTrips()
    {
        var envelope = new DsseEnvelope
        {
            PayloadType = "t",
            Payload = Encoding.UTF8.GetBytes("hello"),
            Signatures = [new DsseSignature { KeyId = "a", Sig = [1, 2] }, new DsseSignature { KeyId = "", Sig = [3] }],
        };

        var parsed = DsseEnvelope.Parse(envelope.ToJson());

        parsed.PayloadType.Should().Be("t");
        parsed.Payload.Should().Equal(envelope.Payload);
        parsed.Signatures.Should().BeEquivalentTo(envelope.Signatures);
    }

    public static TheoryData<string, string> Base64Variants => new()
    {
        { "+//+", "/+8=" },
        { "-__-", "_-8" },
        { "-__-", "_-8=" },
        { "+//+", "/+8" },
    };

    [Theory]
    [MemberData(nameof(Base64Variants))]
    public void Parse_StandardOrUrlSafeBase64_DecodesSameBytes(string payload, string sig)
    {
        var parsed = DsseEnvelope.Parse($$"""{"payload":"{{payload}}","payloadType":"t","signatures":[{"keyid":"k","sig":"{{sig}}"}]}""");

        parsed.Payload.Should().Equal(0xfb, 0xff, 0xfe);
        parsed.Signatures.Single().Sig.Should().Equal(0xff, 0xef);
    }

    [Fact]
    public void Parse_MissingKeyId_GivesEmptyHint()
    {
        var parsed = DsseEnvelope.Parse("""{"payload":"","payloadType":"t","signatures":[{"sig":"AQ=="}]}""");

        parsed.Signatures.Single().KeyId.Should().BeEmpty();
        parsed.Payload.Should().BeEmpty();
    }

    public static TheoryData<string, string> Malformed => new()
    {
        { "[]", "*must be a JSON object, not an array*" },
        { "\"x\"", "*must be a JSON object*" },
        { "{", "*not valid JSON*" },
        { """{"payloadType":"t","signatures":[{"sig":"AQ=="}]}""", "*'payload' is required*" },
        { """{"payload":"AQ==","signatures":[{"sig":"AQ=="}]}""", "*'payloadType' is required*" },
        { """{"payload":"AQ==","payloadType":"","signatures":[{"sig":"AQ=="}]}""", "*'payloadType' must not be empty*" },
        { """{"payload":"AQ==","payloadType":7,"signatures":[{"sig":"AQ=="}]}""", "*'payloadType' must be a string, not a number*" },
        { """{"payload":"AQ==","payloadType":"t"}""", "*'signatures' is required*" },
        { """{"payload":"AQ==","payloadType":"t","signatures":[]}""", "*'signatures' must contain at least one*" },
        { """{"payload":"AQ==","payloadType":"t","signatures":{}}""", "*'signatures' must be an array*" },
        { """{"payload":"AQ==","payloadType":"t","signatures":["AQ=="]}""", "*'signatures[0]' must be an object*" },
        { """{"payload":"AQ==","payloadType":"t","signatures":[{"keyid":"k"}]}""", "*'signatures[0].sig' is required*" },
        { """{"payload":"AQ==","payloadType":"t","signatures":[{"sig":""}]}""", "*'signatures[0].sig' must not be empty*" },
        { """{"payload":"AQ==","payloadType":"t","signatures":[{"sig":"AQ=="},{"sig":"A*=="}]}""", "*'signatures[1].sig' is not base64*" },
        { """{"payload":"AQ==","payloadType":"t","signatures":[{"sig":"AQ==","keyid":5}]}""", "*'signatures[0].keyid' must be a string*" },
        { """{"payload":"A Q==","payloadType":"t","signatures":[{"sig":"AQ=="}]}""", "*'payload' is not base64*" },
        { """{"payload":"AQ===","payloadType":"t","signatures":[{"sig":"AQ=="}]}""", "*'payload' is not base64*" },
        { """{"payload":"AQAAA","payloadType":"t","signatures":[{"sig":"AQ=="}]}""", "*'payload' is not base64*" },
        { """{"payload":"AQ==","payload":"Ag==","payloadType":"t","signatures":[{"sig":"AQ=="}]}""", "*'payload' more than once*" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Parse_Malformed_ThrowsNamingField(string json, string expectedMessage)
    {
        var act = () => DsseEnvelope.Parse(json);

        act.Should().Throw<DsseFormatException>().WithMessage(expectedMessage);
    }
}
