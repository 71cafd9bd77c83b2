using System.Text;
using System.Text.Json.Nodes;
using McpGate.Core.Approvals;
using McpGate.Core.Comments;
using McpGate.Core.Crypto;
using McpGate.Core.Dsse;
using McpGate.Core.Proofs;

namespace McpGate.Core.Tests.Comments;

/// <summary>The statement inside a validly signed comment envelope: every field is checked, not only the signature, and each failure names its rule.</summary>
public sealed class CommentVerifierStatementTests : IDisposable
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
        { "predicateType=" + ProofFormat.ApprovalPredicateType, $"payload: not a comment statement (predicateType must be '{CommentFormat.PredicateType}'; a decision goes to the decisions endpoint)" },
        { "predicateType=" + ProofFormat.ProofPredicateType, "payload: not a comment statement" },
        { "-predicateType", "payload: not a comment statement" },
        { "_type=https://in-toto.io/Statement/v0.1", "payload: not a comment statement" },
        { "-_type", "payload: not a comment statement" },
        { "-subject", "payload: subject[0].digest.sha256 is missing" },
        { "-predicate", "payload: predicate is missing" },
        { "predicate=text", "payload: predicate is missing" },
        { "-changeId", "payload: predicate.changeId is missing" },
        { "-approver", "payload: predicate.approver is missing" },
        { "-text", "payload: predicate.text is missing" },
        { "-createdAt", "payload: predicate.createdAt is missing" },
        { "createdAt=yesterday", "payload: " },
        { "digest=sha256:xyz", "payload: " },
        { "text#1", "payload: " },
        { "_type#1", "payload: " },
    };

    [Theory]
    [MemberData(nameof(Tampered))]
    public void Verify_Refuses_ASignedStatementWithABadField_AsAnEnvelopeFault(string edit, string failure)
    {
        var statement = Statement();
        Edit(statement, edit);

        var result = CommentVerifier.Verify(SignRaw(_alice, statement.ToJsonString()), ChangeId, s_proof, Approvers);

        result.Succeeded.Should().BeFalse(edit);
        result.Rule.Should().Be(ApprovalRefusal.Envelope, edit);
        result.Failure.Should().StartWith(failure, edit);
        result.Approver.Should().BeNull(edit);
        result.Request.Should().BeNull(edit);
    }

    [Theory]
    [InlineData("[1, 2]", "payload: not a JSON object")]
    [InlineData("\"a comment\"", "payload: not a JSON object")]
    [InlineData("{ not json", "payload: ")]
    public void Verify_Refuses_ASignedPayloadThatIsNotAJsonObject(string payload, string failure)
    {
        var result = CommentVerifier.Verify(SignRaw(_alice, payload), ChangeId, s_proof, Approvers);

        result.Succeeded.Should().BeFalse();
        result.Rule.Should().Be(ApprovalRefusal.Envelope);
        result.Failure.Should().StartWith(failure);
    }

    [Fact]
    public void Verify_Refuses_AnotherPayloadType()
    {
        var envelope = DsseSigner.Sign("application/json", Encoding.UTF8.GetBytes(Statement().ToJsonString()), _alice).ToJson();

        var result = CommentVerifier.Verify(envelope, ChangeId, s_proof, Approvers);

        result.Succeeded.Should().BeFalse();
        result.Rule.Should().Be(ApprovalRefusal.Envelope);
        result.Failure.Should().Be("payloadType is 'application/json', expected 'application/vnd.in-toto+json'");
    }

    [Theory]
    [InlineData("{")]
    [InlineData("{}")]
    [InlineData("[]")]
    public void Verify_Refuses_WhatIsNoEnvelope(string json)
    {
        var result = CommentVerifier.Verify(json, ChangeId, s_proof, Approvers);

        result.Succeeded.Should().BeFalse();
        result.Rule.Should().Be(ApprovalRefusal.Envelope);
        result.Failure.Should().StartWith("not a DSSE envelope: ");
    }

    [Fact]
    public void Verify_Refuses_AKeyNoApproverHolds_AsASignatureFault()
    {
        var result = CommentVerifier.Verify(SignRaw(_stranger, Statement().ToJsonString()), ChangeId, s_proof, Approvers);

        result.Succeeded.Should().BeFalse();
        result.Rule.Should().Be(ApprovalRefusal.Signature);
        result.Failure.Should().StartWith("not signed by any approver in the policy (");
        result.Approver.Should().BeNull();
    }

    [Fact]
    public void Verify_Refuses_AnEmptyApproverList()
    {
        var result = CommentVerifier.Verify(SignRaw(_alice, Statement().ToJsonString()), ChangeId, s_proof, []);

        result.Succeeded.Should().BeFalse();
        result.Rule.Should().Be(ApprovalRefusal.Signature);
    }

    [Theory]
    [InlineData("bob")]
    [InlineData("carol")]
    [InlineData("alice\n")]
    public void Verify_Refuses_ACommentClaimingAnotherIdentityThanItsKeys(string claimed)
    {
        var result = CommentVerifier.Verify(SignRaw(_alice, Statement(claimed).ToJsonString()), ChangeId, s_proof, Approvers);

        result.Succeeded.Should().BeFalse(claimed);
        result.Rule.Should().Be(ApprovalRefusal.Identity, claimed);
        result.Failure.Should().StartWith("signed with alice's key but claims to be from ", claimed);
    }

    [Fact]
    public void Verify_Refuses_ACommentOnAnotherChange_NamingBoth()
    {
        var result = CommentVerifier.Verify(SignRaw(_alice, Statement().ToJsonString()), "chg-zzzzzzzzzzzz", s_proof, Approvers);

        result.Succeeded.Should().BeFalse();
        result.Rule.Should().Be(ApprovalRefusal.ProofDigest);
        result.Failure.Should().Be($"comments on change \"{ChangeId}\", not chg-zzzzzzzzzzzz");
    }

    [Fact]
    public void Verify_Refuses_ACommentOnAnotherProof_NamingBoth()
    {
        var other = Sha256Digest.Compute(Encoding.UTF8.GetBytes("another proof"));

        var result = CommentVerifier.Verify(SignRaw(_alice, Statement().ToJsonString()), ChangeId, other, Approvers);

        result.Succeeded.Should().BeFalse();
        result.Rule.Should().Be(ApprovalRefusal.ProofDigest);
        result.Failure.Should().Be($"comments on proof {s_proof}, but the change's proof is {other}");
    }

    [Fact]
    public void Verify_Accepts_AComment_WithTheSignersCanonicalIdentity_ItsWordsAndTime()
    {
        var result = CommentVerifier.Verify(SignRaw(_bob, Statement("BOB").ToJsonString()), ChangeId, s_proof, Approvers);

        result.Succeeded.Should().BeTrue(result.Failure);
        result.Rule.Should().BeNull();
        result.Failure.Should().BeNull();
        result.Approver!.Identity.Should().Be("bob");
        result.Request.Should().BeEquivalentTo(new CommentRequest
        {
            ChangeId = ChangeId,
            ProofDigest = s_proof.ToString(),
            Approver = "bob",
            Text = "why four?",
            CreatedAt = new DateTimeOffset(2026, 1, 15, 10, 0, 0, TimeSpan.Zero),
        });
    }

    [Fact]
    public void Verify_NamesTheTrustedSigner_NotTheFirstSignatureOnTheEnvelope()
    {
        var envelope = DsseEnvelope.Parse(SignRaw(_stranger, Statement("bob").ToJsonString()));
        var signed = DsseSigner.AddSignature(envelope, _bob);

        var result = CommentVerifier.Verify(signed.ToJson(), ChangeId, s_proof, Approvers);

        result.Succeeded.Should().BeTrue(result.Failure);
        result.Approver!.Identity.Should().Be("bob");
    }

    [Fact]
    public void Sign_OfABadDigest_Throws()
    {
        var request = new CommentRequest { ChangeId = ChangeId, ProofDigest = "sha256:xyz", Approver = "alice", Text = "hi", CreatedAt = DateTimeOffset.UnixEpoch };

        FluentActions.Invoking(() => CommentSigner.Sign(request, _alice)).Should().Throw<FormatException>();
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
        ["predicateType"] = CommentFormat.PredicateType,
        ["predicate"] = new JsonObject
        {
            ["changeId"] = ChangeId,
            ["approver"] = approver,
            ["text"] = "why four?",
            ["createdAt"] = "2026-01-15T10:00:00.0000000Z",
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
