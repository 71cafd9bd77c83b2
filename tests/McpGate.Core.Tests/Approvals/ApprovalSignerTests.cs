using System.Text;
using System.Text.Json.Nodes;
using McpGate.Core.Approvals;
using McpGate.Core.Crypto;
using McpGate.Core.Dsse;
using McpGate.Core.Proofs;

namespace McpGate.Core.Tests.Approvals;

/// <summary>The statement an approver signs in the CLI: exactly what the gate will check, signed by the approver's key only.</summary>
public sealed class ApprovalSignerTests : IDisposable
{
    private static readonly Sha256Digest s_proof = Sha256Digest.Compute(Encoding.UTF8.GetBytes("the proof"));

    private readonly Ed25519PrivateKey _alice = Ed25519PrivateKey.Generate();
    private readonly Ed25519PrivateKey _bob = Ed25519PrivateKey.Generate();

    [Fact]
    public void Sign_WritesTheApprovalStatement_OverTheProofDigest()
    {
        var signedAt = new DateTimeOffset(2026, 1, 15, 12, 30, 0, TimeSpan.FromHours(2));

        var envelope = ApprovalSigner.Sign(Request(signedAt, "looks fine"), _alice);

        envelope.PayloadType.Should().Be("application/vnd.in-toto+json");
        var statement = JsonNode.Parse(envelope.Payload)!;
        var expected = JsonNode.Parse($$"""
            {
              "_type": "https://in-toto.io/Statement/v1",
              "subject": [{ "name": "mcpgate-proof:chg-abcdefgh2345", "digest": { "sha256": "{{s_proof.Hex}}" } }],
              "predicateType": "https://mcpgate.dev/attestations/approval/v1",
              "predicate": {
                "changeId": "chg-abcdefgh2345",
                "decision": "approve",
                "approver": "alice",
                "comment": "looks fine",
                "signedAt": "2026-01-15T10:30:00.0000000+00:00"
              }
            }
            """);
        JsonNode.DeepEquals(statement, expected).Should().BeTrue(statement!.ToJsonString());
    }

    [Fact]
    public void Sign_WithoutAComment_SignsANullComment()
    {
        var envelope = ApprovalSigner.Sign(Request(DateTimeOffset.UnixEpoch, null), _alice);

        var predicate = JsonNode.Parse(envelope.Payload)!["predicate"]!.AsObject();
        predicate.Should().ContainKey("comment");
        predicate["comment"].Should().BeNull();
    }

    [Fact]
    public void Sign_IsSignedByTheApproverOnly_AndVerifiesAsThatApprover()
    {
        var envelope = ApprovalSigner.Sign(Request(DateTimeOffset.UnixEpoch, null), _alice);

        envelope.Signatures.Should().ContainSingle().Which.KeyId.Should().Be(_alice.PublicKey.KeyId);
        DsseVerifier.Verify(envelope, [_alice.PublicKey]).Succeeded.Should().BeTrue();
        DsseVerifier.Verify(envelope, [_bob.PublicKey]).Succeeded.Should().BeFalse();
        var approvers = new[] { new TrustedApprover { Identity = "alice", Groups = ["sre"], PublicKey = _alice.PublicKey } };
        var verified = ApprovalVerifier.Verify(envelope.ToJson(), "chg-abcdefgh2345", s_proof, approvers);
        verified.Succeeded.Should().BeTrue(verified.Failure);
        verified.Request!.SignedAt.Should().Be(DateTimeOffset.UnixEpoch);
    }

    [Theory]
    [InlineData("")]
    [InlineData("sha256:")]
    [InlineData("sha256:zz")]
    [InlineData("md5:00")]
    public void Sign_ProofDigestThatIsNotASha256Digest_Throws(string digest)
    {
        var act = () => ApprovalSigner.Sign(Request(DateTimeOffset.UnixEpoch, null) with { ProofDigest = digest }, _alice);

        act.Should().Throw<FormatException>();
    }

    [Fact]
    public void Sign_NullRequestOrKey_ThrowsNamingIt()
    {
        var noRequest = () => ApprovalSigner.Sign(null!, _alice);
        var noKey = () => ApprovalSigner.Sign(Request(DateTimeOffset.UnixEpoch, null), null!);

        noRequest.Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("request");
        noKey.Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("approverKey");
    }

    public void Dispose()
    {
        _alice.Dispose();
        _bob.Dispose();
    }

    private static ApprovalRequest Request(DateTimeOffset signedAt, string? comment) => new()
    {
        ChangeId = "chg-abcdefgh2345",
        ProofDigest = s_proof.ToString(),
        Decision = ApprovalDecision.Approve,
        Approver = "alice",
        Comment = comment,
        SignedAt = signedAt,
    };
}
