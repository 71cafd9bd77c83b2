using System.Text.Json;
using System.Text.Json.Nodes;
using McpGate.Core.Manifests;
using McpGate.Core.Changes;
using McpGate.Testing.Engine;

namespace McpGate.Core.Tests.Engine;

/// <summary>
/// What the engine writes into each ledger entry's payload (the hash-chained record auditors
/// read), not only the change's outcome text.
/// </summary>
public sealed class LedgerPayloadTests
{
    [Fact]
    public async Task Settle_ProofNoLongerVerifies_FailsWithTheReasonInThePayload()
    {
        await using var h = await GateHarness.StartAsync();
        var change = await h.ProposeScaleAsync(4);
        await h.TamperDocumentAsync(change.Id, c => c with { Patch = new JsonObject { ["spec"] = new JsonObject { ["replicas"] = 19 } } });

        await h.Engine.ProcessAsync();
        await h.Engine.WhenIdleAsync();

        var final = (await h.Engine.GetChangeAsync(change.Id))!;
        final.State.Should().Be(ChangeState.Failed);
        final.Outcome.Should().StartWith("not executed: ").And.Contain("does not match its signed proof (patch)");
        (await PayloadAsync(h, change.Id, "failed"))["reason"]!.GetValue<string>().Should().Be(final.Outcome!["not executed: ".Length..]);
        (await h.ObserveWebAsync()).Replicas.Should().Be(2);
        h.Misfires().Should().BeEmpty("a change failed for its proof is not looked at again in the same pass");
    }

    [Fact]
    public async Task Settle_ExpiredProof_RecordsWhenItExpired()
    {
        await using var h = await GateHarness.StartAsync();
        var change = await h.ProposeScaleAsync(4);
        h.Clock.Advance(TimeSpan.FromHours(2));

        await h.Engine.ProcessAsync();
        await h.Engine.WhenIdleAsync();

        var final = (await h.Engine.GetChangeAsync(change.Id))!;
        final.State.Should().Be(ChangeState.Expired);
        var expiredAt = change.ExpiresAt!.Value.ToString("O");
        final.Outcome.Should().Be($"no approval before the proof expired at {expiredAt}; propose the change again");
        (await PayloadAsync(h, change.Id, "expired"))["expiredAt"]!.GetValue<string>().Should().Be(expiredAt);
    }

    [Fact]
    public async Task Approved_ProofExpiredBeforeItRan_FailsWithReasonExpired()
    {
        await using var h = await GateHarness.StartAsync();
        var change = await h.ProposeScaleAsync(4);
        await h.SubmitAsync(change.Id, "alice");
        await h.ForceStateAsync(change.Id, ChangeState.PendingApproval, ChangeState.Approved);
        h.Clock.Advance(TimeSpan.FromHours(2));

        await h.Engine.ProcessAsync();
        await h.Engine.WhenIdleAsync();

        var final = (await h.Engine.GetChangeAsync(change.Id))!;
        final.State.Should().Be(ChangeState.Failed);
        final.Outcome.Should().Be($"not executed: the proof expired at {change.ExpiresAt!.Value:O} before the change could run; propose it again");
        (await PayloadAsync(h, change.Id, "failed"))["reason"]!.GetValue<string>().Should().Be("expired");
        (await h.EventTypesAsync(change.Id)).Should().NotContain("executing");
        (await h.ObserveWebAsync()).Replicas.Should().Be(2);
    }

    [Fact]
    public async Task Execute_Refused_RecordsTheOutcomeAsTheReason()
    {
        await using var h = await GateHarness.StartAsync();
        var change = await h.ProposeScaleAsync(4);
        await h.ForceStateAsync(change.Id, ChangeState.PendingApproval, ChangeState.Approved);

        var final = await h.ProcessUntilFinalAsync(change.Id);

        final.State.Should().Be(ChangeState.Failed);
        (await PayloadAsync(h, change.Id, "failed"))["reason"]!.GetValue<string>().Should().Be(final.Outcome)
            .And.Be("not executed: only 0 of 1 required approvals verify with the current policy");
        (await h.ObserveWebAsync()).Replicas.Should().Be(2);
    }

    [Fact]
    public async Task Verify_Done_RecordsWhatWasExpectedAndWhatWasSeen()
    {
        await using var h = await GateHarness.StartAsync();
        var change = await h.ProposeScaleAsync(4);
        await h.SubmitAsync(change.Id, "alice");

        var final = await h.ProcessUntilFinalAsync(change.Id);

        final.State.Should().Be(ChangeState.Verified, final.Outcome);
        var payload = await PayloadAsync(h, change.Id, "verified");
        payload["expect"]!.GetValue<string>().Should().Be("rollout_complete");
        var detail = payload["detail"]!.GetValue<string>();
        detail.Should().NotBeNullOrWhiteSpace();
        final.Outcome.Should().StartWith($"verified: {detail} [confidence high; ");
        (await h.ObserveWebAsync()).Replicas.Should().Be(4);
    }

    [Fact]
    public async Task Verify_Failed_RecordsWhatWasExpectedAndWhyItFailed()
    {
        await using var h = await GateHarness.StartAsync();
        var change = await h.ProposeScaleAsync(4);
        await h.SubmitAsync(change.Id, "alice");
        await h.ForceStateAsync(change.Id, ChangeState.PendingApproval, ChangeState.Approved);
        await h.ForceStateAsync(change.Id, ChangeState.Approved, ChangeState.Executing);
        await h.ForceStateAsync(change.Id, ChangeState.Executing, ChangeState.Executed);

        var final = await h.ProcessUntilFinalAsync(change.Id);

        final.State.Should().Be(ChangeState.VerificationFailed);
        var payload = await PayloadAsync(h, change.Id, "verification_failed");
        payload["expect"]!.GetValue<string>().Should().Be("rollout_complete");
        payload["detail"]!.GetValue<string>().Should().Be("the target no longer holds the change: something else changed it after the write");
        (await h.ObserveWebAsync()).Replicas.Should().Be(2);
    }

    [Fact]
    public async Task Propose_WithARequesterToken_RecordsItsHashPrefixInTheProposedEntryOnly()
    {
        await using var h = await GateHarness.StartAsync();
        var (tool, arguments) = ScaleWebTo4(h);

        var proposal = await h.Engine.ProposeOnceAsync(tool, arguments, "ci-bot", "0bb8bbf5395f");

        var proposed = await PayloadAsync(h, proposal.Change.Id, "proposed");
        proposed["requester"]!.GetValue<string>().Should().Be("ci-bot");
        proposed["requesterToken"]!.GetValue<string>().Should().Be("sha256:0bb8bbf5395f");
        var stdio = await h.ProposeScaleAsync(5);
        (await PayloadAsync(h, stdio.Id, "proposed")).AsObject().ContainsKey("requesterToken").Should().BeFalse("a requester without a token records none");
        (await h.Ledger.VerifyAsync()).Succeeded.Should().BeTrue();
    }

    [Theory]
    [InlineData("0BB8BBF5395F")]
    [InlineData("0bb8bbf5395")]
    [InlineData("0bb8bbf5395f0")]
    [InlineData("mcpg_0bb8bbf5")]
    [InlineData("0bb8bbf5395g")]
    [InlineData("")]
    public async Task Propose_WithSomethingOtherThanAHashPrefixAsToken_IsRefusedBeforeAnythingIsRecorded(string token)
    {
        await using var h = await GateHarness.StartAsync();
        var (tool, arguments) = ScaleWebTo4(h);

        var propose = () => h.Engine.ProposeOnceAsync(tool, arguments, "ci-bot", token);

        await propose.Should().ThrowAsync<ArgumentException>().WithMessage("*12 lower-case hex*");
        (await h.Ledger.ReadEntriesAsync(0)).Should().BeEmpty("a token that is not a hash prefix (perhaps the token itself) never reaches the ledger");
    }

    private static (ToolManifest Tool, BoundArguments Arguments) ScaleWebTo4(GateHarness h)
    {
        var tool = h.Manifests.Find("scale_deployment")!;
        return (tool, ArgumentBinder.Bind(tool, new Dictionary<string, JsonElement>
        {
            ["namespace"] = JsonSerializer.SerializeToElement("demo"),
            ["name"] = JsonSerializer.SerializeToElement("web"),
            ["replicas"] = JsonSerializer.SerializeToElement(4),
            ["reason"] = JsonSerializer.SerializeToElement("token test"),
        }));
    }

    internal static async Task<JsonNode> PayloadAsync(GateHarness h, string changeId, string eventType) =>
        JsonNode.Parse((await h.Ledger.ReadEntriesAsync(0, changeId)).Single(e => e.EventType == eventType).PayloadJson)!;
}
