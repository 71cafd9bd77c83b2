using System.Text;
using McpGate.Core.Crypto;
using McpGate.Core.Dsse;
using McpGate.Core.Proofs;

namespace McpGate.Core.Tests.Proofs;

public sealed class ProofVerifierTests
{
    private const string Statement = """{"_type":"https://in-toto.io/Statement/v1","predicate":{"changeRequest":{"id":"chg-abcdefgh2345"},"expiresAt":"2026-01-01T00:00:00.0000000+00:00"},"predicateType":"https://mcpgate.dev/attestations/change-proof/v1","subject":[{"digest":{"sha256":"00"},"name":"k8s://x"}]}""";

    [Fact]
    public void Verify_Accepts_AGateSignedProof_AndReportsItsDigest()
    {
        using var gate = Ed25519PrivateKey.Generate();
        var envelope = DsseSigner.Sign(ProofFormat.PayloadType, Encoding.UTF8.GetBytes(Statement), gate);

        var result = ProofVerifier.Verify(envelope.ToJson(), gate.PublicKey, requireSignature: true);

        result.Succeeded.Should().BeTrue(result.Failure);
        result.SignatureVerified.Should().BeTrue();
        result.ChangeId.Should().Be("chg-abcdefgh2345");
        result.Digest.Should().Be(Sha256Digest.Compute(Encoding.UTF8.GetBytes(Statement)));
        result.ExpiresAt.Should().Be(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public void Verify_Refuses_AProofSignedByAnotherKey()
    {
        using var gate = Ed25519PrivateKey.Generate();
        using var other = Ed25519PrivateKey.Generate();
        var envelope = DsseSigner.Sign(ProofFormat.PayloadType, Encoding.UTF8.GetBytes(Statement), other);

        var result = ProofVerifier.Verify(envelope.ToJson(), gate.PublicKey, requireSignature: true);

        result.Succeeded.Should().BeFalse();
        result.Failure.Should().StartWith("signature:");
    }

    [Fact]
    public void Verify_RequiresAKey_WhenSignatureIsRequired()
    {
        using var gate = Ed25519PrivateKey.Generate();
        var envelope = DsseSigner.Sign(ProofFormat.PayloadType, Encoding.UTF8.GetBytes(Statement), gate);

        ProofVerifier.Verify(envelope.ToJson(), null, requireSignature: true).Failure.Should().Contain("no gate public key");
        ProofVerifier.Verify(envelope.ToJson(), null, requireSignature: false).Succeeded.Should().BeTrue();
    }

    [Theory]
    [InlineData("application/json", Statement, "payloadType")]
    [InlineData(ProofFormat.PayloadType, "[1]", "not a JSON object")]
    [InlineData(ProofFormat.PayloadType, """{"_type":"x"}""", "_type")]
    [InlineData(ProofFormat.PayloadType, """{"_type":"https://in-toto.io/Statement/v1","predicateType":"other"}""", "predicateType")]
    public void Verify_Refuses_MalformedStatements(string payloadType, string payload, string named)
    {
        using var gate = Ed25519PrivateKey.Generate();
        var envelope = DsseSigner.Sign(payloadType, Encoding.UTF8.GetBytes(payload), gate);

        var result = ProofVerifier.Verify(envelope.ToJson(), gate.PublicKey, requireSignature: true);

        result.Succeeded.Should().BeFalse();
        result.Failure.Should().Contain(named);
    }
}
