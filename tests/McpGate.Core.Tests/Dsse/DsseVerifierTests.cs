using System.Text;
using McpGate.Core.Crypto;
using McpGate.Core.Dsse;

namespace McpGate.Core.Tests.Dsse;

public sealed class DsseVerifierTests : IDisposable
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

    [Fact]
    public void Verify_SignedEnvelope_Succeeds()
    {
        var envelope = DsseSigner.Sign(PayloadType, _payload, _alice);

        var result = DsseVerifier.Verify(envelope, [_alice.PublicKey]);

        result.Succeeded.Should().BeTrue();
        result.VerifiedKeys.Should().Equal(_alice.PublicKey);
        result.Failure.Should().BeNull();
        envelope.Signatures.Single().KeyId.Should().Be(_alice.PublicKey.KeyId);
    }

    [Fact]
    public void Verify_AfterJsonRoundTrip_Succeeds()
    {
        var envelope = DsseEnvelope.Parse(DsseSigner.Sign(PayloadType, _payload, _alice).ToJson());

        DsseVerifier.Verify(envelope, [_alice.PublicKey]).Succeeded.Should().BeTrue();
    }

    [Fact]
    public void Verify_TamperedPayload_Fails()
    {
        var envelope = DsseSigner.Sign(PayloadType, _payload, _alice);
        var tampered = envelope with { Payload = Encoding.UTF8.GetBytes("""{"_type":"https://in-toto.io/Statement/v2"}""") };

        var result = DsseVerifier.Verify(tampered, [_alice.PublicKey]);

        result.Succeeded.Should().BeFalse();
        result.Failure.Should().StartWith("0 of 1 required signatures verified: signature 0");
    }

    [Fact]
    public void Verify_TamperedPayloadType_Fails()
    {
        var envelope = DsseSigner.Sign(PayloadType, _payload, _alice);

        DsseVerifier.Verify(envelope with { PayloadType = "application/json" }, [_alice.PublicKey]).Succeeded.Should().BeFalse();
    }

    [Fact]
    public void Verify_UntrustedSigner_Fails()
    {
        var envelope = DsseSigner.Sign(PayloadType, _payload, _mallory);

        var result = DsseVerifier.Verify(envelope, [_alice.PublicKey, _bob.PublicKey]);

        result.Succeeded.Should().BeFalse();
        result.VerifiedKeys.Should().BeEmpty();
        result.Failure.Should().Contain("not valid under any trusted key");
    }

    [Fact]
    public void Verify_KeyIdClaimingTrustedKey_IsNotTrusted()
    {
        var forged = DsseSigner.Sign(PayloadType, _payload, _mallory);
        forged = forged with { Signatures = [forged.Signatures[0] with { KeyId = _alice.PublicKey.KeyId }] };

        DsseVerifier.Verify(forged, [_alice.PublicKey]).Succeeded.Should().BeFalse();
    }

    [Fact]
    public void Verify_WrongOrMissingKeyIdHint_StillFindsKey()
    {
        var envelope = DsseSigner.Sign(PayloadType, _payload, _bob);
        var unhinted = envelope with { Signatures = [envelope.Signatures[0] with { KeyId = _alice.PublicKey.KeyId }] };

        var result = DsseVerifier.Verify(unhinted, [_alice.PublicKey, _bob.PublicKey]);

        result.Succeeded.Should().BeTrue();
        result.VerifiedKeys.Should().Equal(_bob.PublicKey);
    }

    [Fact]
    public void Verify_TwoDistinctSigners_MeetsThresholdTwo()
    {
        var envelope = DsseSigner.AddSignature(DsseSigner.Sign(PayloadType, _payload, _alice), _bob);

        var result = DsseVerifier.Verify(envelope, [_alice.PublicKey, _bob.PublicKey], threshold: 2);

        result.Succeeded.Should().BeTrue();
        result.VerifiedKeys.Should().BeEquivalentTo([_alice.PublicKey, _bob.PublicKey]);
    }

    [Fact]
    public void Verify_SameKeySignatureTwice_CountsOnce()
    {
        var envelope = DsseSigner.Sign(PayloadType, _payload, _alice);
        var doubled = envelope with { Signatures = [envelope.Signatures[0], envelope.Signatures[0] with { KeyId = "other" }] };

        var result = DsseVerifier.Verify(doubled, [_alice.PublicKey, _bob.PublicKey], threshold: 2);

        result.Succeeded.Should().BeFalse();
        result.VerifiedKeys.Should().Equal(_alice.PublicKey);
        result.Failure.Should().StartWith("1 of 2 required signatures verified:").And.Contain("counts once");
    }

    [Fact]
    public void Verify_DuplicateTrustedKeys_CountOnce()
    {
        var envelope = DsseSigner.Sign(PayloadType, _payload, _alice);
        var sameKeyTwice = Ed25519PublicKey.FromBytes(_alice.PublicKey.ToBytes());

        DsseVerifier.Verify(envelope, [_alice.PublicKey, sameKeyTwice], threshold: 2).Succeeded.Should().BeFalse();
    }

    [Fact]
    public void Verify_OneTrustedOneUntrusted_ThresholdTwoFails()
    {
        var envelope = DsseSigner.AddSignature(DsseSigner.Sign(PayloadType, _payload, _alice), _mallory);

        var result = DsseVerifier.Verify(envelope, [_alice.PublicKey, _bob.PublicKey], threshold: 2);

        result.Succeeded.Should().BeFalse();
        result.Failure.Should().Contain("signature 1");
    }

    [Fact]
    public void Verify_NoTrustedKeys_FailsSayingSo()
    {
        var envelope = DsseSigner.Sign(PayloadType, _payload, _alice);

        DsseVerifier.Verify(envelope, []).Failure.Should().Contain("no trusted keys");
    }

    [Fact]
    public void Verify_ZeroThreshold_Throws()
    {
        var envelope = DsseSigner.Sign(PayloadType, _payload, _alice);

        var act = () => DsseVerifier.Verify(envelope, [_alice.PublicKey], threshold: 0);

        act.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void AddSignature_SameKeyAgain_LeavesEnvelopeUnchanged()
    {
        var envelope = DsseSigner.Sign(PayloadType, _payload, _alice);

        DsseSigner.AddSignature(envelope, _alice).Should().BeSameAs(envelope);
    }

    [Fact]
    public void Verify_GarbageSignatureBytes_FailsWithoutThrowing()
    {
        var envelope = DsseSigner.Sign(PayloadType, _payload, _alice);
        var garbage = envelope with { Signatures = [new DsseSignature { KeyId = "\u001b[31m", Sig = [1, 2, 3] }] };

        var result = DsseVerifier.Verify(garbage, [_alice.PublicKey]);

        result.Succeeded.Should().BeFalse();
        result.Failure.Should().NotContain("\u001b");
    }
}
