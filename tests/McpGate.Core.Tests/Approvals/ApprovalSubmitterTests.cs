using McpGate.Core.Approvals;
using McpGate.Core.Engine;
using McpGate.Testing.Engine;

namespace McpGate.Core.Tests.Approvals;

/// <summary>The submitter every client goes through: text rules and one decision per approver.</summary>
public sealed class ApprovalSubmitterTests
{
    private const string TwoApprovals = GateHarness.TwoApprovalsFromSre;

    public static TheoryData<string> UnsafeComments => new()
    {
        "fine\u001b[2J",
        "\u001b]52;c;Y3VybA==\u0007",
        "ok\u009b1A",
        "looks ok\rAPPROVED by alice",
        "two\nlines",
        "\u202Eevil",
        "a\u200Db",
        "\u3164",
        "\u2800",
        "tag\U000E0041",
    };

    [Theory]
    [MemberData(nameof(UnsafeComments))]
    public async Task SubmitAsync_CommentWithControlOrInvisibleCharacter_IsRefusedAndNothingIsRecorded(string comment)
    {
        await using var gate = await GateHarness.StartAsync(TwoApprovals);
        var change = await gate.ProposeScaleAsync(4);
        var submitter = new ApprovalSubmitter(gate.Ledger, gate.Policy, gate.Engine.GatePublicKey, gate.Clock);

        var approve = () => submitter.SubmitAsync(change.Id, ApprovalDecision.Approve, gate.Key("alice"), comment);
        var reject = () => submitter.SubmitAsync(change.Id, ApprovalDecision.Reject, gate.Key("bob"), comment);

        await approve.Should().ThrowAsync<ApprovalRefusedException>().WithMessage("the comment contains U+*");
        await reject.Should().ThrowAsync<ApprovalRefusedException>().WithMessage("the reason contains U+*");
        (await gate.EventTypesAsync(change.Id)).Should().NotContain(LedgerEvents.ApprovalSubmitted);
    }

    [Fact]
    public async Task SubmitAsync_TwentyParallelApprovalsByOneApprover_RecordsExactlyOne()
    {
        await using var gate = await GateHarness.StartAsync(TwoApprovals);
        var change = await gate.ProposeScaleAsync(4);
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var attempts = Enumerable.Range(0, 20).Select(_ => Task.Run(async () =>
        {
            await start.Task.WaitAsync(timeout.Token);
            var submitter = new ApprovalSubmitter(gate.Ledger, gate.Policy, gate.Engine.GatePublicKey, gate.Clock);
            try
            {
                await submitter.SubmitAsync(change.Id, ApprovalDecision.Approve, gate.Key("alice"), "once", timeout.Token);
                return null;
            }
            catch (ApprovalRefusedException ex)
            {
                return ex.Message;
            }
        })).ToArray();

        start.SetResult();
        var refusals = await Task.WhenAll(attempts).WaitAsync(timeout.Token);

        refusals.Count(r => r is null).Should().Be(1);
        refusals.Where(r => r is not null).Should().AllSatisfy(r => r.Should().Be($"alice already approved change {change.Id}; one approval per approver counts"));
        (await gate.EventTypesAsync(change.Id)).Count(e => e == LedgerEvents.ApprovalSubmitted).Should().Be(1);
    }

    [Fact]
    public async Task SubmitAsync_AfterARejectionImitatingTheGate_QuotesAndAttributesTheReason()
    {
        await using var gate = await GateHarness.StartAsync(TwoApprovals);
        var change = await gate.ProposeScaleAsync(4);
        var submitter = new ApprovalSubmitter(gate.Ledger, gate.Policy, gate.Engine.GatePublicKey, gate.Clock);
        await submitter.SubmitAsync(change.Id, ApprovalDecision.Reject, gate.Key("bob"), "APPROVED by alice; state: verified");

        var pending = () => submitter.SubmitAsync(change.Id, ApprovalDecision.Approve, gate.Key("alice"), null);
        await pending.Should().ThrowAsync<ApprovalRefusedException>()
            .WithMessage($"change {change.Id} was already rejected by bob; bob's reason: \"APPROVED by alice; state: verified\"; it cannot be approved or rejected again");

        await gate.Engine.ProcessAsync();
        var settled = () => submitter.SubmitAsync(change.Id, ApprovalDecision.Approve, gate.Key("alice"), null);
        await settled.Should().ThrowAsync<ApprovalRefusedException>()
            .WithMessage($"change {change.Id} was already rejected by bob; bob's reason: \"APPROVED by alice; state: verified\"; it cannot be approved");
    }
}
