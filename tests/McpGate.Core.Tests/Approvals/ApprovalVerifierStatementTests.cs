using System.Text;
using System.Text.Json.Nodes;
using McpGate.Core.Approvals;
using McpGate.Core.Crypto;
using McpGate.Core.Dsse;
using McpGate.Core.Proofs;

namespace McpGate.Core.Tests.Approvals;

/// <summary>The statement inside a validly signed approval envelope: every field is checked, not only the signature.</summary>
public sealed class ApprovalVerifierStatementTests : IDisposable
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

    public static TheoryData<string, string> Tampered => new()
    {
        { "decision=abstain", "payload: predicate.decision is 'abstain'; here it must be 'approve' or 'reject'" },
        { "decision=APPROVE", "payload: predicate.decision is 'APPROVE'; here it must be 'approve' or 'reject'" },
        { "decision=", "payload: predicate.decision is ''; here it must be 'approve' or 'reject'" },
        { "decision=cancel", "payload: predicate.decision is 'cancel'; here it must be 'approve' or 'reject'" },
        { "-decision", "payload: predicate.decision is missing" },
        { "predicateType=" + ProofFormat.ProofPredicateType, "payload: not an approval statement (predicateType must be 'https://mcpgate.dev/attestations/approval/v1')" },
        { "-predicateType", "payload: not an approval statement" },
        { "_type=https://in-toto.io/Statement/v0.1", "payload: not an approval statement" },
        { "-_type", "payload: not an approval statement" },
        { "-subject", "payload: subject[0].digest.sha256 is missing" },
        { "-predicate", "payload: predicate is missing" },
        { "-changeId", "payload: predicate.changeId is missing" },
        { "-approver", "payload: predicate.approver is missing" },
        { "-signedAt", "payload: predicate.signedAt is missing" },
        { "signedAt=yesterday", "payload: " },
        { "digest=sha256:xyz", "payload: " },
        { "decision#1", "payload: " },
        { "approver#1", "payload: " },
    };

    [Theory]
    [MemberData(nameof(Tampered))]
    public void Verify_Refuses_ASignedStatementWithABadField(string edit, string failure)
    {
        var statement = Statement();
        Edit(statement, edit);

        var result = ApprovalVerifier.Verify(SignRaw(_alice, statement.ToJsonString()), ChangeId, s_proof, Approvers);

        result.Succeeded.Should().BeFalse();
        result.Failure.Should().StartWith(failure);
        result.Approver.Should().BeNull();
        result.Request.Should().BeNull();
    }

    [Theory]
    [InlineData("[1, 2]", "payload: not a JSON object")]
    [InlineData("\"approve\"", "payload: not a JSON object")]
    [InlineData("{ not json", "payload: ")]
    public void Verify_Refuses_ASignedPayloadThatIsNotAJsonObject(string payload, string failure)
    {
        var result = ApprovalVerifier.Verify(SignRaw(_alice, payload), ChangeId, s_proof, Approvers);

        result.Succeeded.Should().BeFalse();
        result.Failure.Should().StartWith(failure);
    }

    [Fact]
    public void Verify_Refuses_AnotherPayloadType()
    {
        var envelope = DsseSigner.Sign("application/json", Encoding.UTF8.GetBytes(Statement().ToJsonString()), _alice).ToJson();

        var result = ApprovalVerifier.Verify(envelope, ChangeId, s_proof, Approvers);

        result.Succeeded.Should().BeFalse();
        result.Failure.Should().Be("payloadType is 'application/json', expected 'application/vnd.in-toto+json'");
    }

    [Fact]
    public void Verify_Accepts_ARejection_WithItsCommentAndTime()
    {
        var statement = Statement("bob");
        statement["predicate"]!["decision"] = ApprovalDecision.Reject;
        statement["predicate"]!["comment"] = "not during the sale";

        var result = ApprovalVerifier.Verify(SignRaw(_bob, statement.ToJsonString()), ChangeId, s_proof, Approvers);

        result.Succeeded.Should().BeTrue(result.Failure);
        result.Approver!.Identity.Should().Be("bob");
        result.Request.Should().BeEquivalentTo(new ApprovalRequest
        {
            ChangeId = ChangeId,
            ProofDigest = s_proof.ToString(),
            Decision = ApprovalDecision.Reject,
            Approver = "bob",
            Comment = "not during the sale",
            SignedAt = new DateTimeOffset(2026, 1, 15, 10, 0, 0, TimeSpan.Zero),
        });
    }

    [Fact]
    public void Verify_NamesTheTrustedSigner_NotTheFirstSignatureOnTheEnvelope()
    {
        var envelope = DsseEnvelope.Parse(SignRaw(_stranger, Statement("bob").ToJsonString()));
        var signed = DsseSigner.AddSignature(envelope, _bob);

        var result = ApprovalVerifier.Verify(signed.ToJson(), ChangeId, s_proof, Approvers);

        result.Succeeded.Should().BeTrue(result.Failure);
        result.Approver!.Identity.Should().Be("bob");
    }

    [Fact]
    public void Verify_Refuses_AnEmptyApproverList()
    {
        var result = ApprovalVerifier.Verify(SignRaw(_alice, Statement().ToJsonString()), ChangeId, s_proof, []);

        result.Succeeded.Should().BeFalse();
        result.Failure.Should().StartWith("not signed by any approver in the policy (");
    }

    [Fact]
    public void Verify_ReportsBothProofs_WhenTheApprovalNamesAnotherOne()
    {
        var other = Sha256Digest.Compute(Encoding.UTF8.GetBytes("another proof"));

        var result = ApprovalVerifier.Verify(SignRaw(_alice, Statement().ToJsonString()), ChangeId, other, Approvers);

        result.Failure.Should().Be($"approves proof {s_proof}, but the change's proof is {other}");
    }

    public void Dispose()
    {
        _alice.Dispose();
        _bob.Dispose();
        _stranger.Dispose();
    }

    private static JsonObject Statement(string approver = "alice") => new()
    {
        ["_type"] = ProofFormat.StatementType,
        ["subject"] = new JsonArray(new JsonObject
        {
            ["name"] = $"mcpgate-proof:{ChangeId}",
            ["digest"] = new JsonObject { ["sha256"] = s_proof.Hex },
        }),
        ["predicateType"] = ProofFormat.ApprovalPredicateType,
        ["predicate"] = new JsonObject
        {
            ["changeId"] = ChangeId,
            ["decision"] = ApprovalDecision.Approve,
            ["approver"] = approver,
            ["signedAt"] = "2026-01-15T10:00:00.0000000Z",
        },
    };

    // "-field" removes it, "field=value" sets it (as a string), "field#1" sets it to a number.
    private static void Edit(JsonObject statement, string edit)
    {
        var predicate = (JsonObject)statement["predicate"]!;
        var (name, value) = edit.Split('=', '#') is [var n, var v] ? (n.TrimStart('-'), v) : (edit.TrimStart('-'), null);
        JsonObject owner = name is "_type" or "predicateType" or "subject" or "predicate" ? statement : predicate;
        if (name == "digest")
        {
            owner = (JsonObject)statement["subject"]![0]!["digest"]!;
            name = "sha256";
        }

        if (edit.StartsWith('-'))
        {
            owner.Remove(name);
        }
        else if (edit.Contains('#', StringComparison.Ordinal))
        {
            owner[name] = long.Parse(value!, System.Globalization.CultureInfo.InvariantCulture);
        }
        else
        {
            owner[name] = value;
        }
    }

    private static string SignRaw(Ed25519PrivateKey key, string payload) =>
        DsseSigner.Sign(ProofFormat.PayloadType, Encoding.UTF8.GetBytes(payload), key).ToJson();
}
