using System.Text;
using McpGate.Core.Crypto;
using McpGate.Core.Dsse;

namespace McpGate.Core.Tests.Dsse;

/// <summary>Missing arguments and envelope fields are refused up front, naming them; duplicate fields and repeated signatures are caught.</summary>
public sealed class DsseGuardTests : IDisposable
{
    private const string PayloadType = "application/vnd.in-toto+json";

    private readonly Ed25519PrivateKey _alice = DsseTestKeys.Create(1);
    private readonly Ed25519PrivateKey _bob = DsseTestKeys.Create(2);
    private readonly byte[] _payload = Encoding.UTF8.GetBytes("""{"_type":"https://in-toto.io/Statement/v1"}""");

    public void Dispose()
    {
        _alice.Dispose();
        _bob.Dispose();
    }

    public static TheoryData<string, string> Calls => new()
    {
        { "Sign(payloadType)", "payloadType" },
        { "Sign(payload)", "payload" },
        { "Sign(key)", "key" },
        { "AddSignature(envelope)", "envelope" },
        { "AddSignature(key)", "key" },
        { "Verify(envelope)", "envelope" },
        { "Verify(trustedKeys)", "trustedKeys" },
        { "Verify(envelope.PayloadType)", "envelope" },
        { "Verify(envelope.Payload)", "envelope" },
        { "Verify(envelope.Signatures)", "envelope" },
        { "Pae(payloadType)", "payloadType" },
        { "Parse(json)", "json" },
    };

    [Theory]
    [MemberData(nameof(Calls))]
    public void Call_WithNull_ThrowsArgumentException_NamingTheParameter(string call, string parameter)
    {
        var envelope = DsseSigner.Sign(PayloadType, _payload, _alice);
        Action act = call switch
        {
            "Sign(payloadType)" => () => DsseSigner.Sign(null!, _payload, _alice),
            "Sign(payload)" => () => DsseSigner.Sign(PayloadType, null!, _alice),
            "Sign(key)" => () => DsseSigner.Sign(PayloadType, _payload, null!),
            "AddSignature(envelope)" => () => DsseSigner.AddSignature(null!, _alice),
            "AddSignature(key)" => () => DsseSigner.AddSignature(envelope, null!),
            "Verify(envelope)" => () => DsseVerifier.Verify(null!, [_alice.PublicKey]),
            "Verify(trustedKeys)" => () => DsseVerifier.Verify(envelope, null!),
            "Verify(envelope.PayloadType)" => () => DsseVerifier.Verify(envelope with { PayloadType = null! }, [_alice.PublicKey]),
            "Verify(envelope.Payload)" => () => DsseVerifier.Verify(envelope with { Payload = null! }, [_alice.PublicKey]),
            "Verify(envelope.Signatures)" => () => DsseVerifier.Verify(envelope with { Signatures = null! }, [_alice.PublicKey]),
            "Pae(payloadType)" => () => DssePae.Encode(null!, _payload),
            _ => () => DsseEnvelope.Parse(null!),
        };

        act.Should().Throw<ArgumentException>().Which.ParamName.Should().Be(parameter);
    }

    [Fact]
    public void Sign_AnEmptyPayloadType_IsRefused()
    {
        var act = () => DsseSigner.Sign("", _payload, _alice);

        act.Should().Throw<ArgumentException>().Which.ParamName.Should().Be("payloadType");
    }

    [Fact]
    public void AddSignature_AKeyAlreadyAmongSeveralSigners_LeavesTheEnvelopeUnchanged()
    {
        var both = DsseSigner.AddSignature(DsseSigner.Sign(PayloadType, _payload, _alice), _bob);

        DsseSigner.AddSignature(both, _alice).Should().BeSameAs(both);
        DsseSigner.AddSignature(both, _bob).Should().BeSameAs(both);
    }

    [Fact]
    public void Verify_ASignatureWithoutKeyId_IsNamedWithAnEmptyHint()
    {
        var envelope = DsseSigner.Sign(PayloadType, _payload, _bob);
        var unnamed = envelope with { Signatures = [envelope.Signatures[0] with { KeyId = null! }] };

        var result = DsseVerifier.Verify(unnamed, [_alice.PublicKey]);

        result.Failure.Should().Be("0 of 1 required signatures verified: signature 0 (keyid '') is not valid under any trusted key");
    }

    [Fact]
    public void Parse_ASignatureWithADuplicateField_IsRefused()
    {
        var act = () => DsseEnvelope.Parse("""{"payload":"AQ==","payloadType":"t","signatures":[{"sig":"AQ==","sig":"Ag=="}]}""");

        act.Should().Throw<DsseFormatException>().WithMessage("DSSE envelope: signatures[0] has the property 'sig' more than once");
    }
}
