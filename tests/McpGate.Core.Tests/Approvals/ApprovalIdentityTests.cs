using System.Text;
using McpGate.Core.Approvals;
using McpGate.Core.Crypto;
using McpGate.Core.Policy;

namespace McpGate.Core.Tests.Approvals;

/// <summary>Every identity comparison in approvals uses the canonical form: case never makes two people.</summary>
public sealed class ApprovalIdentityTests : IDisposable
{
    private const string ChangeId = "chg-abcdefgh2345";
    private static readonly Sha256Digest s_proof = Sha256Digest.Compute(Encoding.UTF8.GetBytes("the proof"));

    private readonly Ed25519PrivateKey _alice = Ed25519PrivateKey.Generate();
    private readonly Ed25519PrivateKey _bob = Ed25519PrivateKey.Generate();

    private IReadOnlyList<TrustedApprover> Approvers =>
    [
        new TrustedApprover { Identity = "alice", Groups = ["sre"], PublicKey = _alice.PublicKey },
        new TrustedApprover { Identity = "bob", Groups = ["sre"], PublicKey = _bob.PublicKey },
    ];

    private static ApprovalRules Rules(string requester, int required = 2, params string[] groups) => new()
    {
        ChangeId = ChangeId,
        ProofDigest = s_proof,
        Requester = requester,
        Required = required,
        GroupSets = groups.Length == 0 ? [] : [groups],
    };

    public static TheoryData<string> RequesterSpellingsOfAlice => new() { "alice", "Alice", "ALICE", "aLiCe" };

    [Theory]
    [MemberData(nameof(RequesterSpellingsOfAlice))]
    public void Refusal_ApproverIsTheRequesterInAnyCase_RefusesBothDecisions(string requester)
    {
        var rules = Rules(requester);

        rules.Refusal(Approvers[0], ApprovalDecision.Approve).Should().Be("alice requested this change and cannot approve or reject it");
        rules.Refusal(Approvers[0], ApprovalDecision.Reject).Should().Be("alice requested this change and cannot approve or reject it");
        rules.Refusal(Approvers[1], ApprovalDecision.Approve).Should().BeNull();
    }

    public static TheoryData<string> InvalidRequesters => new() { "alice\n", "alice\0", "al\u200Dice", "\u212Alice", " alice", "" };

    [Theory]
    [MemberData(nameof(InvalidRequesters))]
    public void Refusal_RequesterIsNoValidIdentity_RefusesEveryone(string requester)
    {
        var rules = Rules(requester);

        foreach (var approver in Approvers)
        {
            rules.Refusal(approver, ApprovalDecision.Approve).Should().Contain("is not a valid identity");
        }
    }

    [Fact]
    public void Refusal_GroupsInAnotherCase_StillMatch()
    {
        var rules = Rules("agent", 1, "SRE");

        rules.Refusal(Approvers[0], ApprovalDecision.Approve).Should().BeNull();
        rules.Refusal(Approvers[0] with { Groups = ["dev"] }, ApprovalDecision.Approve).Should().Contain("not in any of the groups");
    }

    [Fact]
    public void Count_RequesterInOtherCaseApproving_DoesNotCount()
    {
        var tally = ApprovalTally.Count(Rules("ALICE", required: 1), [Sign(_alice, "alice")], Approvers);

        tally.Accepted.Should().BeEmpty();
        tally.QuorumMet.Should().BeFalse();
        tally.Refused.Should().ContainSingle().Which.Should().Contain("requested this change");
    }

    [Fact]
    public void Count_OneApproverUnderSeveralSpellings_CountsOnce()
    {
        var envelopes = new[] { Sign(_alice, "alice"), Sign(_alice, "Alice"), Sign(_alice, "ALICE") };

        var tally = ApprovalTally.Count(Rules("agent"), envelopes, Approvers);

        tally.Accepted.Should().ContainSingle().Which.Identity.Should().Be("alice");
        tally.Refused.Should().HaveCount(2).And.AllSatisfy(r => r.Should().Contain("already approved"));
        tally.QuorumMet.Should().BeFalse();
    }

    [Theory]
    [InlineData("alice\n")]
    [InlineData("alice\0")]
    [InlineData("al\u200Dice")]
    [InlineData("bob")]
    public void Verify_ClaimedIdentityOtherThanTheSigner_IsRefused(string claimed)
    {
        var result = ApprovalVerifier.Verify(Sign(_alice, claimed), ChangeId, s_proof, Approvers);

        result.Succeeded.Should().BeFalse();
        result.Failure.Should().StartWith("signed with alice's key but claims to be from \"").And.NotContainAny("\n", "\0", "\u200D");
    }

    [Fact]
    public void FromPolicy_IdentitiesInAnyCase_AreCanonicalAndCollide()
    {
        var policy = new PolicySet
        {
            Rules = [],
            FreezeWindows = [],
            DefaultApprovalExpiry = TimeSpan.FromHours(1),
            Approvers = [new Approver { Identity = "Alice", Groups = ["SRE"], PublicKey = _alice.PublicKey.ToString() }],
        };

        var trusted = TrustedApprovers.FromPolicy(policy).Should().ContainSingle().Which;
        trusted.Identity.Should().Be("alice");
        trusted.Groups.Should().Equal("sre");

        var twice = policy with { Approvers = [.. policy.Approvers, new Approver { Identity = "ALICE", PublicKey = _bob.PublicKey.ToString() }] };
        var act = () => TrustedApprovers.FromPolicy(twice);
        act.Should().Throw<ArgumentException>().WithMessage("*alice is listed twice*");

        var invalid = policy with { Approvers = [new Approver { Identity = "alice\n", PublicKey = _alice.PublicKey.ToString() }] };
        var refuse = () => TrustedApprovers.FromPolicy(invalid);
        refuse.Should().Throw<ArgumentException>().WithMessage($"*{Identities.Rule}*");
    }

    public void Dispose()
    {
        _alice.Dispose();
        _bob.Dispose();
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
