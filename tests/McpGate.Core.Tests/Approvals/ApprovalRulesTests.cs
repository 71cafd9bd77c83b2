using System.Text.Json.Nodes;
using McpGate.Core.Approvals;
using McpGate.Core.Changes;
using McpGate.Core.Crypto;
using McpGate.Core.Operations;
using McpGate.Core.Policy;
using McpGate.Core.Proofs;
using McpGate.Core.Tests.Policy;

namespace McpGate.Core.Tests.Approvals;

/// <summary>The rules for approving a change come from its proof and can only be tightened by the current policy.</summary>
public sealed class ApprovalRulesTests
{
    private static readonly Sha256Digest s_digest = Sha256Digest.Compute([1, 2, 3]);

    public static TheoryData<int, int?, int> Counts => new()
    {
        { 1, null, 1 },
        { 2, null, 2 },
        { 2, 1, 2 },
        { 1, 3, 3 },
        { 0, null, 1 },
        { 0, 0, 1 },
    };

    [Theory]
    [MemberData(nameof(Counts))]
    public void From_RequiresTheLargerCount_AndAlwaysAtLeastOne(int proven, int? now, int required)
    {
        var current = now is null ? null : Decision(new ApprovalRequirement { Count = now.Value });

        ApprovalRules.From(Claims(proven, []), s_digest, current).Required.Should().Be(required);
    }

    [Fact]
    public void From_KeepsTheProofsGroups_AndAddsTheCurrentPolicysGroups()
    {
        var rules = ApprovalRules.From(Claims(1, ["sre"]), s_digest, Decision(new ApprovalRequirement { Count = 1, Groups = ["dba"] }));

        rules.GroupSets.Should().BeEquivalentTo(new[] { new[] { "sre" }, new[] { "dba" } }, o => o.WithStrictOrdering());
        rules.ChangeId.Should().Be("chg-abcdefgh2345");
        rules.ProofDigest.Should().Be(s_digest);
        rules.Requester.Should().Be("agent");
    }

    [Fact]
    public void From_DropsEmptyGroupSets_SoAnyApproverMayApprove()
    {
        var rules = ApprovalRules.From(Claims(1, []), s_digest, Decision(new ApprovalRequirement { Count = 1 }));

        rules.GroupSets.Should().BeEmpty();
    }

    [Fact]
    public void From_ADenyingDecision_AddsNothing()
    {
        var denied = Decision(null) with { Allowed = false };

        var rules = ApprovalRules.From(Claims(2, ["sre"]), s_digest, denied);

        rules.Required.Should().Be(2);
        rules.GroupSets.Should().ContainSingle().Which.Should().Equal("sre");
    }

    [Fact]
    public void TrustedApprovers_FromPolicy_ParsesEveryKey()
    {
        var approvers = TrustedApprovers.FromPolicy(PolicyYaml.Load(("p.yaml", PolicyYaml.Valid)));

        approvers.Select(a => (a.Identity, a.PublicKey.ToString())).Should().Equal(("alice", PolicyYaml.AliceKey), ("bob", PolicyYaml.BobKey));
        approvers[0].Groups.Should().Equal("sre");
    }

    [Fact]
    public void TrustedApprovers_FromPolicy_RefusesTwoApproversSharingAKey()
    {
        var policy = PolicyYaml.Load(("p.yaml", PolicyYaml.Valid));
        var shared = policy with { Approvers = [.. policy.Approvers, new Approver { Identity = "mallory", Groups = ["sre"], PublicKey = PolicyYaml.AliceKey }] };

        var act = () => TrustedApprovers.FromPolicy(shared);

        act.Should().Throw<KeyFormatException>().WithMessage("approvers 'alice' and 'mallory' share one public key; each approver needs a key of their own");
    }

    [Fact]
    public void TrustedApprovers_FromPolicy_NamesTheApproverWithAnUnusableKey()
    {
        var policy = PolicyYaml.Load(("p.yaml", PolicyYaml.Valid));
        var broken = policy with { Approvers = [new Approver { Identity = "carol", PublicKey = "ed25519:" + Convert.ToBase64String(new byte[32]) }] };

        var act = () => TrustedApprovers.FromPolicy(broken);

        act.Should().Throw<KeyFormatException>().Which.Message.Should().StartWith("approver 'carol': publicKey: invalid Ed25519 public key");
    }

    [Fact]
    public void CurrentPolicy_ArgumentValues_TypesEachArgumentAsThePolicySeesIt()
    {
        // As the engine gets them: parsed from the signed proof.
        var values = CurrentPolicy.ArgumentValues((JsonObject)JsonNode.Parse("""
            {"replicas":5,"ratio":0.5,"paused":true,"name":"web","labels":{"a":"b"},"nothing":null}
            """)!);

        values.Should().BeEquivalentTo(new Dictionary<string, object?>
        {
            ["replicas"] = 5L,
            ["ratio"] = 0.5,
            ["paused"] = true,
            ["name"] = "web",
            ["labels"] = "{\"a\":\"b\"}",
            ["nothing"] = null,
        });
        values["replicas"].Should().BeOfType<long>();
        values["ratio"].Should().BeOfType<double>();
    }

    [Fact]
    public void CurrentPolicy_Evaluate_JudgesTheProvenChangeAtTheGivenTime()
    {
        var evaluator = new PolicyEvaluator(PolicyYaml.Load(("p.yaml", PolicyYaml.Valid)));
        var claims = Claims(1, ["sre"]) with { Arguments = (JsonObject)JsonNode.Parse("""{"name":"web","replicas":50}""")! };

        var decision = CurrentPolicy.Evaluate(evaluator, claims, new DateTimeOffset(2026, 1, 15, 10, 0, 0, TimeSpan.Zero));

        decision.Allowed.Should().BeFalse();
        decision.Reason.Should().Be("replicas: 50 exceeds the maximum of 10 set by rule demo-scaling");
        CurrentPolicy.Evaluate(evaluator, claims with { Arguments = (JsonObject)JsonNode.Parse("""{"replicas":3}""")! }, new DateTimeOffset(2026, 1, 15, 10, 0, 0, TimeSpan.Zero)).Allowed.Should().BeTrue();
    }

    [Fact]
    public void Refusal_ApproverInNoGroupOfASet_NamesEveryGroupOfThatSet()
    {
        var rules = ApprovalRules.From(Claims(1, ["sre", "dba"]), s_digest);
        var carol = new TrustedApprover { Identity = "carol", Groups = ["dev"], PublicKey = Ed25519PublicKey.Parse(PolicyYaml.AliceKey) };

        rules.Refusal(carol, ApprovalDecision.Approve).Should().Be("carol is not in any of the groups this change needs (sre, dba)");
        rules.Refusal(carol, ApprovalDecision.Reject).Should().BeNull();
    }

    [Fact]
    public void From_NullClaims_ThrowsNamingThem()
    {
        var act = () => ApprovalRules.From(null!, s_digest);

        act.Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("claims");
    }

    [Fact]
    public void Refusal_NullApprover_ThrowsNamingIt()
    {
        var rules = ApprovalRules.From(Claims(1, []), s_digest);

        var act = () => rules.Refusal(null!, ApprovalDecision.Approve);

        act.Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("approver");
    }

    private static PolicyDecision Decision(ApprovalRequirement? approval) => new()
    {
        Allowed = true,
        DecisionReason = DecisionReason.AllowedByRule,
        RuleName = "r",
        Reason = "allowed",
        Approval = approval,
        ApprovalExpiry = TimeSpan.FromHours(1),
    };

    private static ProofClaims Claims(int required, string[] groups) => new()
    {
        ChangeId = "chg-abcdefgh2345",
        Tool = "scale_deployment",
        Requester = "agent",
        Reason = "r",
        Diff = [],
        Checks = [],
        Cluster = "sandbox",
        Target = new ChangeTarget { Group = "apps", Version = "v1", Resource = "deployments", Namespace = "demo", Name = "web" },
        Patch = new JsonObject(),
        Request = WriteRequest.Legacy(new ChangeTarget { Group = "apps", Version = "v1", Resource = "deployments", Namespace = "demo", Name = "web" }, new JsonObject(), "1"),
        Arguments = new JsonObject(),
        PolicyAllowed = true,
        PolicyRule = "r",
        PolicyReason = "allowed",
        ObservedResourceVersion = "1",
        RequiredApprovals = required,
        ApproverGroups = groups,
        ExpiresAt = DateTimeOffset.UnixEpoch,
    };
}
