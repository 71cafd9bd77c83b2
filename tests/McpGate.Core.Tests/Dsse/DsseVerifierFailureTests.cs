using System.Text;
using McpGate.Core.Crypto;
using McpGate.Core.Dsse;

namespace McpGate.Core.Tests.Dsse;

/// <summary>What a failed verification says, exactly: an operator reads it, and it must never echo raw envelope text.</summary>
public sealed class DsseVerifierFailureTests : IDisposable
{
    private const string PayloadType = "application/vnd.in-toto+json";

    private readonly Ed25519PrivateKey _alice = DsseTestKeys.Create(1);
    private readonly Ed25519PrivateKey _bob = DsseTestKeys.Create(2);
    private readonly Ed25519PrivateKey _mallory = DsseTestKeys.Create(3);
    private readonly byte[] _payload = Encoding.UTF8.GetBytes("""{"_type":"https://in-toto.io/Statement/v1"}""");

    public void Dispose()
    {
        _alice.Dispose();
        _bob.Dispose();
        _mallory.Dispose();
    }

    public static TheoryData<string, string> KeyIds => new()
    {
        { "", "" },
        { "short", "short" },
        { "0123456789abcdef", "0123456789abcdef" },
        { "0123456789abcdefX", "0123456789abcdef..." },
        { "\u001b[31mred\u0007 ~é", "?[31mred? ~?" },
    };

    [Theory]
    [MemberData(nameof(KeyIds))]
    public void Verify_UntrustedSignature_NamesItsKeyIdShortAndPrintable(string keyId, string shown)
    {
        var envelope = DsseSigner.Sign(PayloadType, _payload, _mallory);
        var hinted = envelope with { Signatures = [envelope.Signatures[0] with { KeyId = keyId }] };

        var result = DsseVerifier.Verify(hinted, [_alice.PublicKey]);

        result.Succeeded.Should().BeFalse();
        result.VerifiedKeys.Should().BeEmpty();
        result.Failure.Should().Be($"0 of 1 required signatures verified: signature 0 (keyid '{shown}') is not valid under any trusted key");
    }

    [Fact]
    public void Verify_ThresholdAboveTheTrustedKeys_SaysHowManyExist()
    {
        var envelope = DsseSigner.AddSignature(DsseSigner.Sign(PayloadType, _payload, _alice), _bob);

        var result = DsseVerifier.Verify(envelope, [_alice.PublicKey, _bob.PublicKey], threshold: 3);

        result.Succeeded.Should().BeFalse();
        result.VerifiedKeys.Should().HaveCount(2);
        result.Failure.Should().Be("2 of 3 required signatures verified: only 2 trusted keys exist");
    }

    [Fact]
    public void Verify_ExactlyTheThreshold_Succeeds()
    {
        var envelope = DsseSigner.AddSignature(DsseSigner.Sign(PayloadType, _payload, _alice), _bob);

        DsseVerifier.Verify(envelope, [_alice.PublicKey, _bob.PublicKey, _mallory.PublicKey], threshold: 2).Succeeded.Should().BeTrue();
    }

    [Fact]
    public void Verify_NoTrustedKeys_PutsThatFirst()
    {
        var envelope = DsseSigner.Sign(PayloadType, _payload, _alice);

        DsseVerifier.Verify(envelope, []).Failure.Should().Be(
            $"0 of 1 required signatures verified: no trusted keys were given; signature 0 (keyid '{_alice.PublicKey.KeyId[..16]}...') is not valid under any trusted key");
    }

    [Fact]
    public void Verify_AnEnvelopeWithoutSignatures_SaysSo()
    {
        var envelope = DsseSigner.Sign(PayloadType, _payload, _alice) with { Signatures = [] };

        DsseVerifier.Verify(envelope, [_alice.PublicKey]).Failure.Should().Be("0 of 1 required signatures verified: the envelope has no signatures");
    }

    [Fact]
    public void Verify_ASignatureRepeated_NamesTheKeyOnce()
    {
        var envelope = DsseSigner.Sign(PayloadType, _payload, _alice);
        var doubled = envelope with { Signatures = [envelope.Signatures[0], envelope.Signatures[0]] };

        var result = DsseVerifier.Verify(doubled, [_alice.PublicKey], threshold: 2);

        result.Failure.Should().Be($"1 of 2 required signatures verified: only 1 trusted keys exist; signature 1 repeats trusted key {_alice.PublicKey.KeyId[..16]}, which counts once");
    }

    [Fact]
    public void Verify_ASignatureWithoutBytes_IsNotValid()
    {
        var envelope = DsseSigner.Sign(PayloadType, _payload, _alice);
        var empty = envelope with { Signatures = [new DsseSignature { KeyId = _alice.PublicKey.KeyId, Sig = null! }, envelope.Signatures[0]] };

        var result = DsseVerifier.Verify(empty, [_alice.PublicKey]);

        result.Succeeded.Should().BeTrue("the second signature is valid");
        result.VerifiedKeys.Should().Equal(_alice.PublicKey);
    }

    [Fact]
    public void Verify_FindsTheSigner_WhenTheHintNamesAnotherTrustedKey()
    {
        var envelope = DsseSigner.Sign(PayloadType, _payload, _bob);
        var misleading = envelope with { Signatures = [envelope.Signatures[0] with { KeyId = _alice.PublicKey.KeyId }] };

        var result = DsseVerifier.Verify(misleading, [_alice.PublicKey, _bob.PublicKey]);

        result.Succeeded.Should().BeTrue();
        result.VerifiedKeys.Should().Equal(_bob.PublicKey);
    }

    [Fact]
    public void AddSignature_KeepsAForgedSignatureUnderTheSameKeyId_AndAppendsTheRealOne()
    {
        var envelope = DsseSigner.Sign(PayloadType, _payload, _bob);
        var forged = envelope with { Signatures = [new DsseSignature { KeyId = _alice.PublicKey.KeyId, Sig = new byte[64] }] };

        var signed = DsseSigner.AddSignature(forged, _alice);

        signed.Signatures.Should().HaveCount(2);
        DsseVerifier.Verify(signed, [_alice.PublicKey]).Succeeded.Should().BeTrue();
    }

    [Fact]
    public void AddSignature_AnotherKey_AppendsItsSignature()
    {
        var envelope = DsseSigner.Sign(PayloadType, _payload, _alice);

        var signed = DsseSigner.AddSignature(envelope, _bob);

        signed.Signatures.Select(s => s.KeyId).Should().Equal(_alice.PublicKey.KeyId, _bob.PublicKey.KeyId);
        signed.Payload.Should().BeSameAs(envelope.Payload);
    }
}
