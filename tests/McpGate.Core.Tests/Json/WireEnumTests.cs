using System.Text.Json;
using McpGate.Core.Changes;
using McpGate.Core.Cluster;
using McpGate.Core.Crypto;
using McpGate.Core.Json;
using McpGate.Core.Policy;
using McpGate.Core.Tests.Proofs;

namespace McpGate.Core.Tests.Json;

/// <summary>
/// The enums on the wire: each value's name is the one ledgers, proofs and tool results already hold (a
/// table, so that renaming a member cannot silently change the wire), every value round-trips, and any
/// other spelling is refused.
/// </summary>
public sealed class WireEnumTests
{
    public static TheoryData<ChangeState, string> ChangeStateNames => new()
    {
        { ChangeState.Proposed, "proposed" },
        { ChangeState.Proven, "proven" },
        { ChangeState.Denied, "denied" },
        { ChangeState.PendingApproval, "pending_approval" },
        { ChangeState.Approved, "approved" },
        { ChangeState.Waiting, "waiting" },
        { ChangeState.Rejected, "rejected" },
        { ChangeState.Expired, "expired" },
        { ChangeState.Cancelled, "cancelled" },
        { ChangeState.Executing, "executing" },
        { ChangeState.Executed, "executed" },
        { ChangeState.Failed, "failed" },
        { ChangeState.Verifying, "verifying" },
        { ChangeState.Verified, "verified" },
        { ChangeState.VerificationFailed, "verification_failed" },
    };

    public static TheoryData<DecisionReason, string> DecisionReasonNames => new()
    {
        { DecisionReason.ReadPassthrough, "read_passthrough" },
        { DecisionReason.Frozen, "frozen" },
        { DecisionReason.DeniedByRule, "denied_by_rule" },
        { DecisionReason.DefaultDeny, "default_deny" },
        { DecisionReason.ConstraintFailed, "constraint_failed" },
        { DecisionReason.AllowedByRule, "allowed_by_rule" },
    };

    public static TheoryData<CheckStatus, string> CheckStatusNames => new()
    {
        { CheckStatus.Pass, "pass" },
        { CheckStatus.Warn, "warn" },
        { CheckStatus.Fail, "fail" },
    };

    /// <summary>Spellings of <c>pending_approval</c> / <c>allowed_by_rule</c> that are not it.</summary>
    public static TheoryData<string> OtherSpellings => new()
    {
        "PendingApproval", "Pending_Approval", "PENDING_APPROVAL", "pending-approval", "pendingapproval", " pending_approval", "pending_approval ",
        "pending_approval\u0000", "ｐending_approval", "", "3",
    };

    [Fact]
    public void Tables_CoverEveryValue()
    {
        ChangeStateNames.Select(r => (ChangeState)r[0]).Should().BeEquivalentTo(Enum.GetValues<ChangeState>());
        DecisionReasonNames.Select(r => (DecisionReason)r[0]).Should().BeEquivalentTo(Enum.GetValues<DecisionReason>());
        CheckStatusNames.Select(r => (CheckStatus)r[0]).Should().BeEquivalentTo(Enum.GetValues<CheckStatus>());
    }

    [Theory]
    [MemberData(nameof(ChangeStateNames))]
    public void ChangeState_OnTheWire_IsItsRecordedNameAndReadsBack(ChangeState state, string name)
    {
        state.ToWire().Should().Be(name);
        ChangeStates.FromWire(name).Should().Be(state);
        JsonSerializer.Serialize(state, ChangeJson.Options).Should().Be($"\"{name}\"");
        JsonSerializer.Deserialize<ChangeState>($"\"{name}\"", ChangeJson.Options).Should().Be(state);
        ChangeStates.WireNames.Should().Contain(name);
    }

    [Theory]
    [MemberData(nameof(DecisionReasonNames))]
    public void DecisionReason_OnTheWire_IsItsSnakeCaseNameAndReadsBack(DecisionReason reason, string name)
    {
        reason.ToWire().Should().Be(name);
        DecisionReasons.FromWire(name).Should().Be(reason);
        JsonSerializer.Serialize(reason, ChangeJson.Options).Should().Be($"\"{name}\"");
        JsonSerializer.Deserialize<DecisionReason?>($"\"{name}\"", ChangeJson.Options).Should().Be(reason);
    }

    [Theory]
    [MemberData(nameof(CheckStatusNames))]
    public void CheckStatus_OnTheWire_IsItsLowerCaseName(CheckStatus status, string name)
    {
        status.ToWire().Should().Be(name);
        JsonSerializer.Serialize(status, ChangeJson.Options).Should().Be($"\"{name}\"");
    }

    [Fact]
    public void ChangeStates_WireNames_AreTheStateMachineInOrder() =>
        ChangeStates.WireNames.Should().Equal(ChangeStateNames.Select(r => (string)r[1]));

    [Theory]
    [MemberData(nameof(OtherSpellings))]
    public void FromWire_AnotherSpelling_IsNoValue(string text)
    {
        ChangeStates.FromWire(text).Should().BeNull();
        DecisionReasons.FromWire(text.Replace("pending_approval", "allowed_by_rule", StringComparison.Ordinal)).Should().BeNull();
    }

    [Theory]
    [MemberData(nameof(OtherSpellings))]
    public void ChangeDocument_StateSpelledOtherwise_IsRefusedNamingTheField(string text)
    {
        var json = Document().Replace("\"state\":\"pending_approval\"", $"\"state\":{JsonSerializer.Serialize(text)}", StringComparison.Ordinal);

        var act = () => ChangeJson.Deserialize(json);

        act.Should().Throw<JsonException>().WithMessage($"$.state: \"{text}\" is not a ChangeState: one of proposed, *, spelled exactly");
    }

    [Theory]
    [InlineData("3")]
    [InlineData("null")]
    [InlineData("true")]
    [InlineData("[\"pending_approval\"]")]
    public void ChangeDocument_StateNotAString_IsRefusedNamingTheField(string value)
    {
        var json = Document().Replace("\"state\":\"pending_approval\"", $"\"state\":{value}", StringComparison.Ordinal);

        var act = () => ChangeJson.Deserialize(json);

        act.Should().Throw<JsonException>().WithMessage("$.state: a ChangeState must be a string, one of proposed, *");
    }

    [Theory]
    [MemberData(nameof(OtherSpellings))]
    public void ChangeDocument_DecisionReasonSpelledOtherwise_IsRefusedNamingTheField(string text)
    {
        var spelled = text.Replace("pending_approval", "allowed_by_rule", StringComparison.Ordinal);
        var json = Document().Replace("\"decisionReason\":\"allowed_by_rule\"", $"\"decisionReason\":{JsonSerializer.Serialize(spelled)}", StringComparison.Ordinal);

        var act = () => ChangeJson.Deserialize(json);

        act.Should().Throw<JsonException>().WithMessage($"$.policy.decisionReason: \"{spelled}\" is not a DecisionReason: *");
    }

    [Fact]
    public void ChangeDocument_WithoutDecisionReason_IsReadAsOneRecordedBeforeThem()
    {
        var json = Document().Replace("\"decisionReason\":\"allowed_by_rule\",", string.Empty, StringComparison.Ordinal);

        var document = ChangeJson.Deserialize(json);

        document.Policy!.DecisionReason.Should().BeNull();
        ChangeJson.Serialize(document).Should().NotContain("decisionReason", "an absent reason is not written as null");
    }

    [Fact]
    public void ChangeDocument_RoundTrip_KeepsStateAndDecisionReason()
    {
        var json = Document();

        var document = ChangeJson.Deserialize(json);

        document.State.Should().Be(ChangeState.PendingApproval);
        document.Policy!.DecisionReason.Should().Be(DecisionReason.AllowedByRule);
        ChangeJson.Serialize(document).Should().Be(json);
    }

    [Fact]
    public void Converter_ValueOutsideTheEnum_IsRefusedWhenWritten()
    {
        var act = () => SnakeCaseEnumConverter<ChangeState>.Name((ChangeState)99);

        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage("not a ChangeState*");
    }

    private static string Document()
    {
        using var gate = Ed25519PrivateKey.Generate();
        var (change, _) = ProvenChange.Create(gate, new DateTimeOffset(2026, 1, 15, 10, 0, 0, TimeSpan.Zero),
            ClusterIdentity.Create("https://127.0.0.1:6443", null, ClusterIdentity.NoCertificate, null));
        var json = ChangeJson.Serialize(change);
        json.Should().Contain("\"state\":\"pending_approval\"").And.Contain("\"decisionReason\":\"allowed_by_rule\",");
        return json;
    }
}
