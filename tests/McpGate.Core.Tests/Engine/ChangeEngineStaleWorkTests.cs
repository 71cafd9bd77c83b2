using McpGate.Core.Changes;
using McpGate.Testing.Engine;

namespace McpGate.Core.Tests.Engine;

/// <summary>
/// Work started for a state the change has left by the time it runs (another pass or executor
/// finished it) does nothing: no write, no ledger entry, no transition attempted on the moved-on change.
/// </summary>
public sealed class ChangeEngineStaleWorkTests
{
    public static TheoryData<string> Work => new() { "execute", "reconcile", "resume executed", "resume verifying" };

    [Theory]
    [MemberData(nameof(Work))]
    public async Task Work_OnAChangeAlreadyVerified_DoesNothing(string work)
    {
        await using var h = await GateHarness.StartAsync();
        var change = await h.ProposeScaleAsync(4);
        await h.SubmitAsync(change.Id, "alice");
        (await h.ProcessUntilFinalAsync(change.Id)).State.Should().Be(ChangeState.Verified);
        var entries = await h.EventTypesAsync(change.Id);
        h.Sandbox.ResetRequestCounts();

        await (work switch
        {
            "execute" => h.Engine.ExecuteAsync(change.Id, CancellationToken.None),
            "reconcile" => h.Engine.ReconcileAsync(change.Id, CancellationToken.None),
            "resume executed" => h.Engine.ResumeVerificationAsync(change.Id, ChangeState.Executed, CancellationToken.None),
            "resume verifying" => h.Engine.ResumeVerificationAsync(change.Id, ChangeState.Verifying, CancellationToken.None),
            _ => throw new ArgumentOutOfRangeException(nameof(work)),
        });

        (await h.Engine.GetChangeAsync(change.Id))!.State.Should().Be(ChangeState.Verified);
        (await h.EventTypesAsync(change.Id)).Should().Equal(entries, "nothing is recorded for a change that moved on");
        h.Sandbox.CountRequests("PATCH", "/").Should().Be(0);
        (await h.ObserveWebAsync()).Replicas.Should().Be(4);
        h.Misfires().Should().BeEmpty("the engine sees the change moved on before it tries to move it");
    }
}
