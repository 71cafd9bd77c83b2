using System.Text;
using McpGate.Core.Approvals;
using McpGate.Core.Crypto;
using McpGate.Core.Policy;
using McpGate.Core.Proofs;
using McpGate.Core.Tests.Policy;

namespace McpGate.Core.Tests.Approvals;

/// <summary>The public entry points of the checks refuse a missing argument up front, naming it, instead of failing somewhere inside.</summary>
public sealed class ApprovalGuardTests
{
    private static readonly Sha256Digest s_digest = Sha256Digest.Compute(Encoding.UTF8.GetBytes("the proof"));

    private static readonly ApprovalRules s_rules = new()
    {
        ChangeId = "chg-abcdefgh2345",
        ProofDigest = s_digest,
        Requester = "agent",
        Required = 1,
        GroupSets = [],
    };

    public static TheoryData<string, string> Calls => new()
    {
        { "ApprovalTally.Count(rules)", "rules" },
        { "ApprovalTally.Count(envelopes)", "envelopes" },
        { "ApprovalTally.Check(rules)", "rules" },
        { "ApprovalVerifier.Verify(envelopeJson)", "envelopeJson" },
        { "ApprovalVerifier.Verify(approvers)", "approvers" },
        { "Ed25519PublicKey.FromPem(pem)", "pem" },
        { "Ed25519PublicKey.Parse(text)", "text" },
        { "PolicyEvaluator(policy)", "policy" },
        { "PolicyEvaluator.CanApprove(approver)", "approver" },
        { "PolicyEvaluator.CanApprove(requirement)", "requirement" },
        { "PolicyEvaluator.Evaluate(request)", "request" },
        { "ProofVerifier.Verify(envelopeJson)", "envelopeJson" },
        { "ProofVerifier.Verify(envelope)", "envelope" },
    };

    [Theory]
    [MemberData(nameof(Calls))]
    public void Call_WithNull_ThrowsArgumentNullException_NamingTheParameter(string call, string parameter)
    {
        var approver = new Approver { Identity = "alice", PublicKey = PolicyYaml.AliceKey };
        var requirement = new ApprovalRequirement { Count = 1 };
        Action act = call switch
        {
            "ApprovalTally.Count(rules)" => () => ApprovalTally.Count(null!, [], []),
            "ApprovalTally.Count(envelopes)" => () => ApprovalTally.Count(s_rules, null!, []),
            "ApprovalTally.Check(rules)" => () => ApprovalTally.Check("{}", null!, []),
            "ApprovalVerifier.Verify(envelopeJson)" => () => ApprovalVerifier.Verify(null!, "chg-abcdefgh2345", s_digest, []),
            "ApprovalVerifier.Verify(approvers)" => () => ApprovalVerifier.Verify("{}", "chg-abcdefgh2345", s_digest, null!),
            "Ed25519PublicKey.FromPem(pem)" => () => Ed25519PublicKey.FromPem(null!),
            "Ed25519PublicKey.Parse(text)" => () => Ed25519PublicKey.Parse(null!),
            "PolicyEvaluator(policy)" => () => _ = new PolicyEvaluator(null!),
            "PolicyEvaluator.CanApprove(approver)" => () => PolicyEvaluator.CanApprove(null!, requirement),
            "PolicyEvaluator.CanApprove(requirement)" => () => PolicyEvaluator.CanApprove(approver, null!),
            "PolicyEvaluator.Evaluate(request)" => () => new PolicyEvaluator(PolicyYaml.Load(("p.yaml", PolicyYaml.Valid))).Evaluate(null!),
            "ProofVerifier.Verify(envelopeJson)" => () => ProofVerifier.Verify((string)null!, null, requireSignature: false),
            _ => () => ProofVerifier.Verify((McpGate.Core.Dsse.DsseEnvelope)null!, null, requireSignature: false),
        };

        act.Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be(parameter);
    }
}
