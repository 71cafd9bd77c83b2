using System.Text.Json.Nodes;
using McpGate.Core.Changes;
using McpGate.Core.Cluster;
using McpGate.Core.Operations;
using McpGate.Testing.Engine;

namespace McpGate.Core.Tests.Engine;

/// <summary>
/// Crash recovery of an apply: each step judged on its own (a create took effect when the object
/// exists holding what was sent; an apply when the object moved on and holds it), only the steps
/// not sent are sent, and a state the proof never saw fails without writing.
/// </summary>
public sealed class ApplyRecoveryTests
{
    private const string Policy = """
        rules:
          - name: demo-apply
            tools: [apply_manifest]
            namespaces: [demo]
            effect: allow
            approval: { count: 1, groups: [sre] }
        """;

    private const string Manifest = """
        apiVersion: v1
        kind: ConfigMap
        metadata: { name: recovered }
        data: { mode: fast }
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: { name: web, labels: { tier: frontend } }
        """;

    private static ResourceRef Settings => new() { Group = string.Empty, Version = "v1", Resource = "configmaps", Namespace = "demo", Name = "recovered" };

    [Fact]
    public async Task Recover_Executing_BothStepsTookEffect_RecordsWithoutWriting()
    {
        await using var h = await GateHarness.StartAsync(Policy);
        var change = await ExecutingAsync(h);
        await SendStepAsync(h, change.Request!.Steps[0]);
        await SendStepAsync(h, change.Request.Steps[1]);
        h.Sandbox.ResetRequestCounts();

        await h.Engine.ReconcileAsync(change.Id, CancellationToken.None);

        var final = (await h.Engine.GetChangeAsync(change.Id))!;
        final.State.Should().Be(ChangeState.Verified, final.Outcome);
        h.Sandbox.CountRequests("POST", "/").Should().Be(0);
        h.Sandbox.CountRequests("PATCH", "/").Should().Be(0);
    }

    [Fact]
    public async Task Recover_Executing_CreateTookEffectApplyDidNot_SendsOnlyTheApply()
    {
        await using var h = await GateHarness.StartAsync(Policy);
        var change = await ExecutingAsync(h);
        await SendStepAsync(h, change.Request!.Steps[0]);
        h.Sandbox.ResetRequestCounts();

        await h.Engine.ReconcileAsync(change.Id, CancellationToken.None);

        var final = (await h.Engine.GetChangeAsync(change.Id))!;
        final.State.Should().Be(ChangeState.Verified, final.Outcome);
        h.Sandbox.CountRequests("POST", "/api/v1/namespaces/demo/configmaps").Should().Be(0, "the create already took effect");
        h.Sandbox.CountRequests("PATCH", GateHarness.WebPath).Should().Be(1, "the apply had not been sent: it is sent once");
        (await h.Cluster.GetAsync(GateHarness.Web))!["metadata"]!["labels"]!["tier"]!.GetValue<string>().Should().Be("frontend");
    }

    [Fact]
    public async Task Recover_Executing_NothingSent_SendsEveryStep()
    {
        await using var h = await GateHarness.StartAsync(Policy);
        var change = await ExecutingAsync(h);
        h.Sandbox.ResetRequestCounts();

        await h.Engine.ReconcileAsync(change.Id, CancellationToken.None);

        var final = (await h.Engine.GetChangeAsync(change.Id))!;
        final.State.Should().Be(ChangeState.Verified, final.Outcome);
        h.Sandbox.CountRequests("POST", "/api/v1/namespaces/demo/configmaps").Should().Be(1);
        (await h.Cluster.GetAsync(Settings))!["data"]!["mode"]!.GetValue<string>().Should().Be("fast");
    }

    [Fact]
    public async Task Recover_Executing_AnotherWriterCreatedTheObject_FailsWithoutWriting()
    {
        await using var h = await GateHarness.StartAsync(Policy);
        var change = await ExecutingAsync(h);
        await h.Cluster.CreateAsync(Settings, new CreateRequest
        {
            Body = new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "ConfigMap",
                ["metadata"] = new JsonObject { ["name"] = "recovered", ["namespace"] = "demo" },
                ["data"] = new JsonObject { ["mode"] = "theirs" },
            },
        }, dryRun: false);
        h.Sandbox.ResetRequestCounts();

        await h.Engine.ReconcileAsync(change.Id, CancellationToken.None);

        var final = (await h.Engine.GetChangeAsync(change.Id))!;
        final.State.Should().Be(ChangeState.Failed);
        final.Outcome.Should().Contain("configmaps demo/recovered (step 1 of 2) matches neither the proof nor the change");
        h.Sandbox.CountRequests("POST", "/").Should().Be(0);
        h.Sandbox.CountRequests("PATCH", "/").Should().Be(0);
        (await h.Cluster.GetAsync(Settings))!["data"]!["mode"]!.GetValue<string>().Should().Be("theirs");
    }

    [Fact]
    public async Task Recover_Executing_UpdatedObjectChangedByAnotherWriter_FailsWithoutWriting()
    {
        await using var h = await GateHarness.StartAsync(Policy);
        var change = await ExecutingAsync(h);
        await SendStepAsync(h, change.Request!.Steps[0]);
        await h.TouchWebAsync();
        h.Sandbox.ResetRequestCounts();

        await h.Engine.ReconcileAsync(change.Id, CancellationToken.None);

        var final = (await h.Engine.GetChangeAsync(change.Id))!;
        final.State.Should().Be(ChangeState.Failed);
        final.Outcome.Should().Contain("deployments demo/web (step 2 of 2) matches neither the proof nor the change");
        h.Sandbox.CountRequests("PATCH", "/").Should().Be(0);
        (await h.Cluster.GetAsync(GateHarness.Web))!["metadata"]!["labels"]!.AsObject().ContainsKey("tier").Should().BeFalse();
    }

    private static async Task<ChangeDocument> ExecutingAsync(GateHarness h)
    {
        var change = await h.ProposeApplyAsync(Manifest);
        change.State.Should().Be(ChangeState.PendingApproval, change.Outcome);
        change.Request!.Steps.Select(s => s.Verb).Should().Equal(WriteVerb.Create, WriteVerb.Apply);
        await h.SubmitAsync(change.Id, "alice");
        await h.ForceStateAsync(change.Id, ChangeState.PendingApproval, ChangeState.Approved);
        await h.ForceStateAsync(change.Id, ChangeState.Approved, ChangeState.Executing);
        return change;
    }

    /// <summary>The write the crashed engine had sent, exactly as signed.</summary>
    private static Task<JsonObject?> SendStepAsync(GateHarness h, WriteStep step) => WriteSteps.ExecuteAsync(h.Cluster, step, CancellationToken.None);
}
