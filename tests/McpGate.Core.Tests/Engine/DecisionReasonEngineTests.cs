using System.Text.Json.Nodes;
using McpGate.Core.Changes;
using McpGate.Core.Policy;
using McpGate.Core.Proofs;
using McpGate.Testing.Engine;

namespace McpGate.Core.Tests.Engine;

/// <summary>
/// The policy's decision reason travels with every proposal (document, ledger entry, signed proof), and
/// the engine acts on it, not on how a rule happens to be named.
/// </summary>
public sealed class DecisionReasonEngineTests
{
    private const string Forever = "\nfreezeWindows:\n  - { name: launch, from: '2000-01-01T00:00:00Z', to: '2100-01-01T00:00:00Z' }\n";

    /// <summary>A deny rule whose name is what a built-in decision is called.</summary>
    private static string DenyRuleNamed(string name) => GateHarness.DefaultPolicy + $"\n  - {{ name: '{name}', tools: [scale_deployment], namespaces: [demo], effect: deny }}\n";

    public static TheoryData<string, int, DecisionReason, ChangeState, string> Proposals => new()
    {
        { GateHarness.DefaultPolicy, 4, DecisionReason.AllowedByRule, ChangeState.PendingApproval, "demo-scaling" },
        { GateHarness.DefaultPolicy, 21, DecisionReason.ConstraintFailed, ChangeState.Denied, "demo-scaling" },
        { GateHarness.DefaultPolicy.Replace("namespaces: [demo]", "namespaces: [staging]", StringComparison.Ordinal), 4, DecisionReason.DefaultDeny, ChangeState.Denied, "default-deny" },
        { GateHarness.DefaultPolicy + Forever, 4, DecisionReason.Frozen, ChangeState.Denied, "freeze:launch" },
        { DenyRuleNamed("no-scaling"), 4, DecisionReason.DeniedByRule, ChangeState.Denied, "no-scaling" },
        { DenyRuleNamed("default-deny"), 4, DecisionReason.DeniedByRule, ChangeState.Denied, "default-deny" },
        { DenyRuleNamed("freeze:launch"), 4, DecisionReason.DeniedByRule, ChangeState.Denied, "freeze:launch" },
        { GateHarness.DefaultPolicy.Replace("name: demo-scaling", "name: 'freeze:launch'", StringComparison.Ordinal), 4, DecisionReason.AllowedByRule, ChangeState.PendingApproval, "freeze:launch" },
    };

    [Theory]
    [MemberData(nameof(Proposals))]
    public async Task Propose_RecordsTheDecisionReason_InTheDocumentTheLedgerAndTheProof(string policy, int replicas, DecisionReason reason, ChangeState state, string rule)
    {
        await using var h = await GateHarness.StartAsync(policy);

        var change = await h.ProposeScaleAsync(replicas);

        change.State.Should().Be(state);
        change.Policy!.Should().BeEquivalentTo(new { Rule = rule, DecisionReason = (DecisionReason?)reason });
        var decided = (await h.Ledger.ReadEntriesAsync(0, change.Id)).Single(e => e.EventType == state.ToWire());
        var payload = JsonNode.Parse(decided.PayloadJson)!;
        payload["decisionReason"]!.GetValue<string>().Should().Be(reason.ToWire());
        payload["rule"]!.GetValue<string>().Should().Be(rule);
        var proof = ProofVerifier.Verify(change.ProofEnvelope!, h.Engine.GatePublicKey, requireSignature: true);
        proof.Succeeded.Should().BeTrue(proof.Failure);
        proof.Statement!["predicate"]!["policy"]!["decisionReason"]!.GetValue<string>().Should().Be(reason.ToWire());
        (await h.ObserveWebAsync()).Replicas.Should().Be(2);
    }

    public static TheoryData<string> DenialsNamedLikeAFreeze => new()
    {
        DenyRuleNamed("freeze:launch"),
        GateHarness.DefaultPolicy.Replace("name: demo-scaling", "name: 'freeze:launch'", StringComparison.Ordinal)
            .Replace("maximum: 20", "maximum: 3", StringComparison.Ordinal),
    };

    [Theory]
    [MemberData(nameof(DenialsNamedLikeAFreeze))]
    public async Task Approved_DeniedByARuleNamedLikeAFreeze_FailsInsteadOfWaiting(string policy)
    {
        await using var h = await GateHarness.StartAsync();
        var change = await h.ProposeScaleAsync(4);
        await h.SubmitAsync(change.Id, "alice");
        await h.ForceStateAsync(change.Id, ChangeState.PendingApproval, ChangeState.Approved);
        await using var engine = h.CreateEngine(h.PolicyWith(policy));

        await engine.ProcessAsync();
        var final = await engine.WaitForChangeAsync(change.Id, TimeSpan.FromSeconds(30), null);

        final!.State.Should().Be(ChangeState.Failed, "only a freeze window makes an approved change wait, whatever a rule is called");
        final.Outcome.Should().StartWith("not executed: policy now denies it (freeze:launch: ");
        h.Messages(EngineLogs.WaitingForFreeze).Should().BeEmpty();
        (await h.ObserveWebAsync()).Replicas.Should().Be(2);
    }
}
