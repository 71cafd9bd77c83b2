using System.Text;
using McpGate.Core.Approvals;
using McpGate.Core.Crypto;

namespace McpGate.Core.Tests.Approvals;

public sealed class ApprovalTallyTests : IDisposable
{
    private const string ChangeId = "chg-abcdefgh2345";
    private static readonly Sha256Digest s_proof = Sha256Digest.Compute(Encoding.UTF8.GetBytes("the proof"));
    private static readonly DateTimeOffset s_at = new(2026, 1, 15, 10, 0, 0, TimeSpan.Zero);

    private readonly Ed25519PrivateKey _alice = Ed25519PrivateKey.Generate();
    private readonly Ed25519PrivateKey _bob = Ed25519PrivateKey.Generate();
    private readonly Ed25519PrivateKey _carol = Ed25519PrivateKey.Generate();
    private readonly Ed25519PrivateKey _agent = Ed25519PrivateKey.Generate();
    private readonly Ed25519PrivateKey _stranger = Ed25519PrivateKey.Generate();

    private IReadOnlyList<TrustedApprover> Approvers =>
    [
        new TrustedApprover { Identity = "alice", Groups = ["sre"], PublicKey = _alice.PublicKey },
        new TrustedApprover { Identity = "bob", Groups = ["sre", "dba"], PublicKey = _bob.PublicKey },
        new TrustedApprover { Identity = "carol", Groups = ["dev"], PublicKey = _carol.PublicKey },
        new TrustedApprover { Identity = "agent", Groups = ["sre"], PublicKey = _agent.PublicKey },
    ];

    [Fact]
    public void Count_MeetsQuorum_WhenExactlyTheRequiredNumberOfDistinctApproversApprove()
    {
        var tally = ApprovalTally.Count(Rules(required: 2), [Sign(_alice, "alice"), Sign(_bob, "bob")], Approvers);

        tally.Accepted.Select(a => a.Identity).Should().Equal("alice", "bob");
        tally.Refused.Should().BeEmpty();
        tally.Rejection.Should().BeNull();
        tally.Required.Should().Be(2);
        tally.QuorumMet.Should().BeTrue();
    }

    [Fact]
    public void Count_MissesQuorum_WhenOneApprovalShortOfTheRequiredNumber()
    {
        var tally = ApprovalTally.Count(Rules(required: 2), [Sign(_alice, "alice")], Approvers);

        tally.Accepted.Should().ContainSingle();
        tally.QuorumMet.Should().BeFalse();
    }

    [Fact]
    public void Count_CountsOneIdentityOnce_WhenItApprovesTwice()
    {
        var first = Sign(_alice, "alice");
        var second = Sign(_alice, "alice", at: s_at.AddMinutes(1));

        var tally = ApprovalTally.Count(Rules(required: 2), [first, second, first], Approvers);

        tally.Accepted.Should().ContainSingle().Which.Identity.Should().Be("alice");
        tally.Refused.Should().Equal(
            "alice already approved this change; one approval per approver counts",
            "alice already approved this change; one approval per approver counts");
        tally.QuorumMet.Should().BeFalse();
    }

    public static TheoryData<string, string> RefusedVotes => new()
    {
        { "requester", "agent requested this change and cannot approve or reject it" },
        { "wrong-group", "carol is not in any of the groups this change needs (sre)" },
        { "unknown-key", "not signed by any approver in the policy" },
        { "claims-other", "signed with bob's key but claims to be from \"alice\"" },
        { "other-change", "approves change chg-zzzzzzzzzzzz, not chg-abcdefgh2345" },
    };

    [Theory]
    [MemberData(nameof(RefusedVotes))]
    public void Count_NeverCountsARefusedVote_AndSaysWhy(string vote, string reason)
    {
        var envelope = vote switch
        {
            "requester" => Sign(_agent, "agent"),
            "wrong-group" => Sign(_carol, "carol"),
            "unknown-key" => Sign(_stranger, "alice"),
            "claims-other" => Sign(_bob, "alice"),
            _ => Sign(_bob, "bob", changeId: "chg-zzzzzzzzzzzz"),
        };

        var tally = ApprovalTally.Count(Rules(required: 1), [envelope], Approvers);

        tally.Accepted.Should().BeEmpty();
        tally.Rejection.Should().BeNull();
        tally.Refused.Should().ContainSingle().Which.Should().Contain(reason);
        tally.QuorumMet.Should().BeFalse();
    }

    [Fact]
    public void Count_RefusedVotes_DoNotHideTheValidOnes()
    {
        var tally = ApprovalTally.Count(Rules(required: 1), ["not json", Sign(_agent, "agent"), Sign(_bob, "bob")], Approvers);

        tally.Accepted.Should().ContainSingle().Which.Identity.Should().Be("bob");
        tally.Refused.Should().HaveCount(2);
        tally.QuorumMet.Should().BeTrue();
    }

    [Fact]
    public void Count_ARejection_StopsTheChange_EvenWithAQuorumOfApprovals()
    {
        var tally = ApprovalTally.Count(
            Rules(required: 1),
            [Sign(_alice, "alice"), Sign(_bob, "bob", decision: ApprovalDecision.Reject, comment: "not now"), Sign(_alice, "alice", decision: ApprovalDecision.Reject, comment: "later")],
            Approvers);

        tally.Accepted.Select(a => a.Identity).Should().Equal("alice");
        tally.Rejection.Should().NotBeNull();
        tally.Rejection!.Identity.Should().Be("bob", "the first verified rejection is the one reported");
        tally.Rejection.Comment.Should().Be("not now");
        tally.Rejection.Decision.Should().Be(ApprovalDecision.Reject);
        tally.QuorumMet.Should().BeFalse();
    }

    [Fact]
    public void Count_ARejectionFromOutsideTheGroups_StillStopsTheChange()
    {
        var tally = ApprovalTally.Count(Rules(required: 1), [Sign(_carol, "carol", decision: ApprovalDecision.Reject)], Approvers);

        tally.Rejection!.Identity.Should().Be("carol");
        tally.Refused.Should().BeEmpty();
    }

    [Fact]
    public void Check_ReturnsTheRecordOfWhatWasSigned()
    {
        var (record, failure) = ApprovalTally.Check(Sign(_bob, "bob", comment: "looks right"), Rules(required: 1), Approvers);

        failure.Should().BeNull();
        record.Should().BeEquivalentTo(new
        {
            Identity = "bob",
            KeyId = _bob.PublicKey.KeyId,
            Decision = ApprovalDecision.Approve,
            At = s_at,
            Comment = "looks right",
        });
    }

    [Fact]
    public void Check_RequiresAGroupFromEverySet()
    {
        var rules = Rules(required: 1) with { GroupSets = [["sre"], ["dba"]] };

        ApprovalTally.Check(Sign(_bob, "bob"), rules, Approvers).Failure.Should().BeNull();
        ApprovalTally.Check(Sign(_alice, "alice"), rules, Approvers).Failure.Should().Be("alice is not in any of the groups this change needs (dba)");
    }

    [Fact]
    public void Check_AcceptsAnyApprover_WhenNoGroupIsNamed()
    {
        var rules = Rules(required: 1) with { GroupSets = [] };

        ApprovalTally.Check(Sign(_carol, "carol"), rules, Approvers).Record!.Identity.Should().Be("carol");
    }

    public void Dispose()
    {
        _alice.Dispose();
        _bob.Dispose();
        _carol.Dispose();
        _agent.Dispose();
        _stranger.Dispose();
    }

    private static ApprovalRules Rules(int required) => new()
    {
        ChangeId = ChangeId,
        ProofDigest = s_proof,
        Requester = "agent",
        Required = required,
        GroupSets = [["sre"]],
    };

    private static string Sign(
        Ed25519PrivateKey key,
        string identity,
        string decision = ApprovalDecision.Approve,
        string? comment = null,
        string changeId = ChangeId,
        DateTimeOffset? at = null) => ApprovalSigner.Sign(new ApprovalRequest
        {
            ChangeId = changeId,
            ProofDigest = s_proof.ToString(),
            Decision = decision,
            Approver = identity,
            Comment = comment,
            SignedAt = at ?? s_at,
        }, key).ToJson();
}
