using System.Text;
using McpGate.Core.Approvals;
using McpGate.Core.Crypto;
using McpGate.Core.Dsse;
using McpGate.Core.Proofs;

namespace McpGate.Core.Tests.Approvals;

public sealed class ApprovalVerifierTests : IDisposable
{
    private const string ChangeId = "chg-abcdefgh2345";
    private static readonly Sha256Digest s_proof = Sha256Digest.Compute(Encoding.UTF8.GetBytes("the proof"));

    private readonly Ed25519PrivateKey _alice = Ed25519PrivateKey.Generate();
    private readonly Ed25519PrivateKey _bob = Ed25519PrivateKey.Generate();
    private readonly Ed25519PrivateKey _stranger = Ed25519PrivateKey.Generate();

    private IReadOnlyList<TrustedApprover> Approvers =>
    [
        new TrustedApprover { Identity = "alice", Groups = ["sre"], PublicKey = _alice.PublicKey },
        new TrustedApprover { Identity = "bob", Groups = ["sre"], PublicKey = _bob.PublicKey },
    ];

    [Fact]
    public void Verify_Accepts_AnApproverSigningTheExactProof()
    {
        var envelope = Sign(_alice, "alice");

        var result = ApprovalVerifier.Verify(envelope, ChangeId, s_proof, Approvers);

        result.Succeeded.Should().BeTrue(result.Failure);
        result.Approver!.Identity.Should().Be("alice");
        result.Request!.Decision.Should().Be(ApprovalDecision.Approve);
    }

    [Fact]
    public void Verify_Refuses_AKeyNotInThePolicy()
    {
        var result = ApprovalVerifier.Verify(Sign(_stranger, "alice"), ChangeId, s_proof, Approvers);

        result.Succeeded.Should().BeFalse();
        result.Failure.Should().Contain("not signed by any approver");
    }

    [Fact]
    public void Verify_Refuses_ASignerClaimingAnotherIdentity()
    {
        var result = ApprovalVerifier.Verify(Sign(_bob, "alice"), ChangeId, s_proof, Approvers);

        result.Succeeded.Should().BeFalse();
        result.Failure.Should().Contain("signed with bob's key but claims to be from \"alice\"");
    }

    [Fact]
    public void Verify_Refuses_AnApprovalOfAnotherProofOrChange()
    {
        var otherProof = Sha256Digest.Compute(Encoding.UTF8.GetBytes("another proof"));

        ApprovalVerifier.Verify(Sign(_alice, "alice"), ChangeId, otherProof, Approvers).Failure.Should().Contain("approves proof");
        ApprovalVerifier.Verify(Sign(_alice, "alice"), "chg-zzzzzzzzzzzz", s_proof, Approvers).Failure.Should().Contain("approves change");
    }

    [Fact]
    public void Verify_Refuses_ATamperedPayload()
    {
        var envelope = DsseEnvelope.Parse(Sign(_alice, "alice"));
        var tampered = envelope with { Payload = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(envelope.Payload).Replace("approve", "reject", StringComparison.Ordinal)) };

        var result = ApprovalVerifier.Verify(tampered.ToJson(), ChangeId, s_proof, Approvers);

        result.Succeeded.Should().BeFalse();
    }

    [Theory]
    [InlineData("")]
    [InlineData("{}")]
    [InlineData("not json")]
    public void Verify_Refuses_MalformedEnvelopes(string envelope)
    {
        var result = ApprovalVerifier.Verify(envelope, ChangeId, s_proof, Approvers);

        result.Succeeded.Should().BeFalse();
        result.Failure.Should().Contain("not a DSSE envelope");
    }

    public void Dispose()
    {
        _alice.Dispose();
        _bob.Dispose();
        _stranger.Dispose();
    }

    private static string Sign(Ed25519PrivateKey key, string claimedIdentity) => ApprovalSigner.Sign(new ApprovalRequest
    {
        ChangeId = ChangeId,
        ProofDigest = s_proof.ToString(),
        Decision = ApprovalDecision.Approve,
        Approver = claimedIdentity,
        SignedAt = DateTimeOffset.UnixEpoch,
    }, key).ToJson();
}
