using System.Text;
using System.Text.Json.Nodes;
using McpGate.Core.Changes;
using McpGate.Core.Crypto;
using McpGate.Core.Dsse;
using McpGate.Core.Policy;
using McpGate.Core.Proofs;

namespace McpGate.Core.Tests.Proofs;

/// <summary>
/// <c>predicate.policy.decisionReason</c>: signed as its snake_case name, read back only in that spelling,
/// and, in proofs signed before it existed, absent and read as none (nothing executes on it).
/// </summary>
public sealed class ProofDecisionReasonTests : IDisposable
{
    private readonly Ed25519PrivateKey _gate = Ed25519PrivateKey.Generate();

    public static TheoryData<DecisionReason, string> Reasons => Json.WireEnumTests.DecisionReasonNames;

    public static TheoryData<JsonNode?> OtherSpellings => new()
    {
        "Allowed_By_Rule", "ALLOWED_BY_RULE", "AllowedByRule", "allowed-by-rule", "allowed_by_rule ", "allowed", "", 5, true, new JsonArray("allowed_by_rule"),
    };

    public void Dispose() => _gate.Dispose();

    [Theory]
    [MemberData(nameof(Reasons))]
    public void Build_ThenVerify_SignsTheReasonAsItsNameAndReadsItBack(DecisionReason reason, string name)
    {
        var change = MultiStepChange.Change() with { Policy = MultiStepChange.Change().Policy! with { DecisionReason = reason } };
        var proof = Prove(change);

        Encoding.UTF8.GetString(proof.Envelope.Payload).Should().Contain($"\"policy\":{{\"allowed\":true,\"approverGroups\":[\"sre\"],\"decisionReason\":\"{name}\",\"reason\":\"allowed\",");
        var signed = change with { ProofEnvelope = proof.Envelope.ToJson(), ProofDigest = proof.Digest.ToString() };
        var (claims, _, failure) = ProofCheck.Verify(signed, _gate.PublicKey);
        failure.Should().BeNull();
        claims!.PolicyDecisionReason.Should().Be(reason);
        claims.Mismatches(signed).Should().BeEmpty();
    }

    [Fact]
    public void Verify_ProofSignedBeforeDecisionReasons_IsReadWithNone_AndMatchesItsDocument()
    {
        // MultiStepChange's policy has no reason: the bytes a gate of the previous version signed.
        var change = MultiStepChange.Change();
        var proof = Prove(change);
        Encoding.UTF8.GetString(proof.Envelope.Payload).Should().NotContain("decisionReason");

        var signed = change with { ProofEnvelope = proof.Envelope.ToJson(), ProofDigest = proof.Digest.ToString() };
        var (claims, _, failure) = ProofCheck.Verify(signed, _gate.PublicKey);

        failure.Should().BeNull();
        claims!.PolicyDecisionReason.Should().BeNull();
        claims.Mismatches(signed).Should().BeEmpty();
        claims.Mismatches(signed with { Policy = signed.Policy! with { DecisionReason = DecisionReason.AllowedByRule } })
            .Should().Equal(["policy"], "a reason added to the document afterwards is not what was signed");
    }

    [Fact]
    public void FromStatement_DecisionReasonNull_IsReadAsNone()
    {
        var statement = Statement();
        statement["predicate"]!["policy"]!["decisionReason"] = null;

        ProofClaims.FromStatement(statement).PolicyDecisionReason.Should().BeNull();
    }

    [Theory]
    [MemberData(nameof(OtherSpellings))]
    public void FromStatement_DecisionReasonSpelledOtherwise_IsMalformedNamingIt(JsonNode? value)
    {
        var statement = Statement();
        statement["predicate"]!["policy"]!["decisionReason"] = value;

        var act = () => ProofClaims.FromStatement(statement);

        act.Should().Throw<FormatException>().WithMessage("the proof's statement is malformed: predicate.policy.decisionReason: *DecisionReason*");
    }

    [Fact]
    public void FromStatement_DecisionReasonMemberInAnotherCase_IsNotTheMember()
    {
        var statement = Statement();
        var policy = statement["predicate"]!["policy"]!.AsObject();
        policy.Remove("decisionReason");
        policy["DecisionReason"] = "allowed_by_rule";

        ProofClaims.FromStatement(statement).PolicyDecisionReason.Should().BeNull("member names are case-sensitive: the reason is absent, not guessed");
    }

    [Fact]
    public void Verify_ReasonEditedInTheSignedStatement_BreaksTheSignature()
    {
        var change = MultiStepChange.Change() with { Policy = MultiStepChange.Change().Policy! with { DecisionReason = DecisionReason.ConstraintFailed } };
        var proof = Prove(change);
        var edited = Encoding.UTF8.GetString(proof.Envelope.Payload).Replace("\"constraint_failed\"", "\"allowed_by_rule\"", StringComparison.Ordinal);
        var forged = proof.Envelope with { Payload = Encoding.UTF8.GetBytes(edited) };

        var result = ProofVerifier.Verify(forged.ToJson(), _gate.PublicKey, requireSignature: true);

        result.Succeeded.Should().BeFalse();
    }

    private SignedProof Prove(ChangeDocument change) => ProofBuilder.Build(new ProofInput
    {
        Change = change,
        Observed = MultiStepChange.Observed(),
        DryRunResult = [],
        Checks = change.Checks,
        Policy = change.Policy!,
        IssuedAt = MultiStepChange.Issued,
        ExpiresAt = MultiStepChange.Issued.AddHours(1),
    }, _gate);

    private JsonObject Statement()
    {
        var change = MultiStepChange.Change() with { Policy = MultiStepChange.Change().Policy! with { DecisionReason = DecisionReason.AllowedByRule } };
        return (JsonObject)JsonNode.Parse(Prove(change).Envelope.Payload)!;
    }
}
