using System.Collections.Concurrent;
using McpGate.Core.Changes;
using McpGate.Core.Cluster;
using McpGate.Core.Engine;
using McpGate.Kubernetes.Probes;
using McpGate.Sandbox.Faults;
using McpGate.Testing.Engine;

namespace McpGate.Core.Tests.Engine;

/// <summary>
/// A change of several steps (apply_manifest with two ConfigMaps) through the engine against the
/// sandbox: verified only when every step's target holds what it set, each step named in what is
/// recorded; a step refused at write time is named with the precondition that failed.
/// </summary>
public sealed class MultiStepEngineTests
{
    private const string Rules = """
        rules:
          - name: manifests
            tools: [apply_manifest]
            namespaces: [prod]
            effect: allow
            approval: { count: 1, groups: [sre] }
          - name: drains
            tools: [drain_node]
            effect: allow
            approval: { count: 1, groups: [sre] }
        """;

    private const string ConfigMapsPath = "/api/v1/namespaces/prod/configmaps";

    /// <summary>app-config exists (seeded in prod): it is applied; flags-NAME does not: it is created.</summary>
    private static Dictionary<string, object?> TwoConfigMaps(string suffix) => new()
    {
        ["namespace"] = "prod",
        ["manifest"] = $"""
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: app-config
            data:
              LOG_LEVEL: debug-{suffix}
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: flags-{suffix}
            data:
              beta: "on"
            """,
        ["reason"] = "two objects in one change",
    };

    private static ResourceRef ConfigMap(string name) => new() { Group = string.Empty, Version = "v1", Resource = "configmaps", Namespace = "prod", Name = name };

    [Fact]
    public async Task TwoSteps_BothHold_Verified_WithEachStepNamedInTheDetail()
    {
        await using var h = await GateHarness.StartAsync(Rules);
        var change = await h.ProposeAsync("apply_manifest", TwoConfigMaps("a"));
        change.State.Should().Be(ChangeState.PendingApproval, change.Outcome);
        change.Request!.Steps.Should().HaveCount(2);
        await h.SubmitAsync(change.Id, "alice");

        var final = await h.ProcessUntilFinalAsync(change.Id);

        final.State.Should().Be(ChangeState.Verified, final.Outcome);
        var payload = await LedgerPayloadTests.PayloadAsync(h, change.Id, "verified");
        var detail = payload["detail"]!.GetValue<string>();
        var parts = detail.Split("; ");
        parts.Should().HaveCount(2, detail);
        parts[0].Should().StartWith("configmaps prod/app-config: ");
        parts[1].Should().StartWith("configmaps prod/flags-a: ");
        payload["confidence"]!.GetValue<string>().Should().Be("high");
        (await h.Cluster.GetAsync(ConfigMap("app-config")))!["data"]!["LOG_LEVEL"]!.GetValue<string>().Should().Be("debug-a");
        (await h.Cluster.GetAsync(ConfigMap("flags-a")))!["data"]!["beta"]!.GetValue<string>().Should().Be("on");
    }

    [Fact]
    public async Task TwoSteps_FirstNoLongerHoldsTheChange_VerificationFailed_NamingThatStep()
    {
        await using var h = await GateHarness.StartAsync(Rules);
        var change = await h.ProposeAsync("apply_manifest", TwoConfigMaps("b"));
        await h.SubmitAsync(change.Id, "alice");

        // Recorded as executed without the writes reaching the cluster: app-config still holds the old value.
        await h.ForceStateAsync(change.Id, ChangeState.PendingApproval, ChangeState.Approved);
        await h.ForceStateAsync(change.Id, ChangeState.Approved, ChangeState.Executing);
        await h.ForceStateAsync(change.Id, ChangeState.Executing, ChangeState.Executed);

        var final = await h.ProcessUntilFinalAsync(change.Id);

        final.State.Should().Be(ChangeState.VerificationFailed, final.Outcome);
        var payload = await LedgerPayloadTests.PayloadAsync(h, change.Id, "verification_failed");
        payload["detail"]!.GetValue<string>().Should().StartWith("configmaps prod/app-config: ")
            .And.NotContain("flags-b", "the first step that fails decides; later steps are not looked at");
        (await h.Cluster.GetAsync(ConfigMap("app-config")))!["data"]!["LOG_LEVEL"]!.GetValue<string>().Should().Be("info");
        (await h.Cluster.GetAsync(ConfigMap("flags-b"))).Should().BeNull();
    }

    [Fact]
    public async Task TwoSteps_CreateStepConflicts_FailsNamingThatStepAndItsPrecondition()
    {
        await using var h = await GateHarness.StartAsync(Rules);
        var change = await h.ProposeAsync("apply_manifest", TwoConfigMaps("c"));
        await h.SubmitAsync(change.Id, "alice");
        h.Sandbox.Faults.Add(new SandboxFault { Kind = SandboxFaultKind.ServerError, StatusCode = 409, Method = "POST", PathPrefix = ConfigMapsPath });

        var final = await h.ProcessUntilFinalAsync(change.Id);

        final.State.Should().Be(ChangeState.Failed, final.Outcome);
        final.Outcome.Should().StartWith("not executed: configmaps prod/flags-c changed after the proof (it was to be created, but exists now)")
            .And.EndWith("; propose the change again");
        (await h.Cluster.GetAsync(ConfigMap("flags-c"))).Should().BeNull("the create was refused");
    }

    [Fact]
    public async Task TwoSteps_ApplyStepConflicts_FailsNamingItsResourceVersion()
    {
        await using var h = await GateHarness.StartAsync(Rules);
        var change = await h.ProposeAsync("apply_manifest", TwoConfigMaps("d"));
        await h.SubmitAsync(change.Id, "alice");
        var version = change.Request!.Steps[0].Precondition.ResourceVersion;
        version.Should().NotBeNull("an existing object is applied under the resourceVersion the proof saw");
        h.Sandbox.Faults.Add(new SandboxFault { Kind = SandboxFaultKind.ServerError, StatusCode = 409, Method = "PATCH", PathPrefix = ConfigMapsPath + "/app-config" });

        var final = await h.ProcessUntilFinalAsync(change.Id);

        final.State.Should().Be(ChangeState.Failed, final.Outcome);
        final.Outcome.Should().StartWith($"not executed: configmaps prod/app-config changed after the proof (resourceVersion is no longer {version})");
        (await h.Cluster.GetAsync(ConfigMap("app-config")))!["data"]!["LOG_LEVEL"]!.GetValue<string>().Should().Be("info");
        (await h.Cluster.GetAsync(ConfigMap("flags-d"))).Should().BeNull("nothing after the refused step is written");
    }

    [Fact]
    public async Task Drain_CordonConflicts_FailsNamingTheNodesUid_NothingEvicted()
    {
        const string node = "sandbox-worker-1";
        await using var h = await GateHarness.StartAsync(Rules);
        var change = await h.ProposeAsync("drain_node", new Dictionary<string, object?> { ["node"] = node, ["reason"] = "kernel upgrade" });
        change.State.Should().Be(ChangeState.PendingApproval, change.Outcome);
        var cordon = change.Request!.Steps[0];
        cordon.Precondition.Uid.Should().NotBeNull("a drain names the node by uid");
        cordon.Precondition.ResourceVersion.Should().BeNull();
        await h.SubmitAsync(change.Id, "alice");
        h.Sandbox.ResetRequestCounts();
        h.Sandbox.Faults.Add(new SandboxFault { Kind = SandboxFaultKind.ServerError, StatusCode = 409, Method = "PATCH", PathPrefix = "/api/v1/nodes/" + node });

        var final = await h.ProcessUntilFinalAsync(change.Id);

        final.State.Should().Be(ChangeState.Failed, final.Outcome);
        final.Outcome.Should().Contain($"changed after the proof (it is no longer the object with uid {cordon.Precondition.Uid})");
        h.Sandbox.CountRequests("POST", "/api/v1/namespaces/").Should().Be(0, "no pod is evicted after the cordon was refused");
        var current = await h.Cluster.GetAsync(new ResourceRef { Group = string.Empty, Version = "v1", Resource = "nodes", Name = node });
        current!["spec"]?["unschedulable"]?.GetValue<bool>().Should().NotBe(true, "the node was not cordoned");
    }

    /// <summary>
    /// The cluster's answers as they are, shaded for one object: a step still on its way keeps the
    /// whole change verifying until it is done, and the change is recorded with its weakest step's
    /// confidence, not its strongest.
    /// </summary>
    [Fact]
    public async Task TwoSteps_OneStillOnItsWay_WaitsForIt_AndTheWeakestConfidenceIsRecorded()
    {
        await using var h = await GateHarness.StartAsync(Rules);
        var probe = new ShadedProbe(KubernetesStateProbes.Create(h.Cluster), (context, real, look) => context.Target.Name switch
        {
            "flags-e" when look <= 2 => ProbeResult.Progressing("settling (shaded)"),
            "app-config" when real.Status == ProbeStatus.Done => real with { Confidence = ProbeConfidence.Medium },
            _ => real,
        });
        var engine = new ChangeEngine(h.Cluster, probe, h.Ledger, h.Policy, h.GateKey, h.Clock,
            new ChangeEngineOptions { ProbeInterval = TimeSpan.FromMilliseconds(50), Tools = h.Manifests.Tools }, h.Logs);
        var change = await h.ProposeAsync("apply_manifest", TwoConfigMaps("e"));
        await h.SubmitAsync(change.Id, "alice");

        await engine.ProcessAsync();
        var final = await engine.WaitForChangeAsync(change.Id, TimeSpan.FromSeconds(30), null);

        final!.State.Should().Be(ChangeState.Verified, final.Outcome);
        probe.Looks("flags-e").Should().BeGreaterThanOrEqualTo(3, "the change is verified only once every step is done");
        var payload = await LedgerPayloadTests.PayloadAsync(h, change.Id, "verified");
        payload["detail"]!.GetValue<string>().Should().NotContain("settling (shaded)");
        payload["confidence"]!.GetValue<string>().Should().Be("medium", "a change is as certain as its least certain step");
    }

    /// <summary>A real probe whose answers for some objects a test rewrites; counts the looks per object name.</summary>
    private sealed class ShadedProbe(IStateProbe inner, Func<ProbeContext, ProbeResult, int, ProbeResult> shade) : IStateProbe
    {
        private readonly ConcurrentDictionary<string, int> _looks = new(StringComparer.Ordinal);

        public IReadOnlyCollection<string> Expectations => inner.Expectations;

        public int Looks(string name) => _looks.GetValueOrDefault(name);

        public async Task<ProbeResult> ProbeAsync(ProbeContext context, CancellationToken cancellationToken = default)
        {
            var real = await inner.ProbeAsync(context, cancellationToken);
            return shade(context, real, _looks.AddOrUpdate(context.Target.Name ?? string.Empty, 1, (_, n) => n + 1));
        }
    }
}
