using System.Text.Json.Nodes;
using McpGate.Core.Changes;
using McpGate.Core.Cluster;
using McpGate.Core.Manifests;
using McpGate.Core.Operations;
using McpGate.Testing.Engine;

namespace McpGate.Core.Tests.Operations;

/// <summary><c>update_configmap</c> (a map parameter, a merge patch of data) on a real engine and the sandbox.</summary>
public sealed class UpdateConfigMapTests
{
    private static readonly ResourceRef s_config = new() { Group = string.Empty, Version = "v1", Resource = "configmaps", Namespace = "demo", Name = "app-config" };

    [Fact]
    public async Task Run_SetOneKeyRemoveAnother_VerifiesAndDataEqualsTheRequest()
    {
        await using var h = await GateHarness.StartAsync(WriteHarnessCalls.Policy);
        await CreateConfigAsync(h);

        var final = await WriteHarnessCalls.RunAsync(h, "update_configmap", new
        {
            @namespace = "demo",
            name = "app-config",
            data = new Dictionary<string, string?> { ["LOG_LEVEL"] = "debug", ["OLD_FLAG"] = null },
            reason = "debug logs",
        });

        final.State.Should().Be(ChangeState.Verified, final.Outcome);
        Data(await h.Cluster.GetAsync(s_config)).Should().BeEquivalentTo(new Dictionary<string, string> { ["LOG_LEVEL"] = "debug", ["KEEP"] = "1" });
        final.Diff.Select(d => d.Path).Should().BeEquivalentTo("data.LOG_LEVEL", "data.OLD_FLAG");
        final.Request!.Inverse.Should().ContainSingle().Which.Body!.ToJsonString().Should().Be("""{"data":{"LOG_LEVEL":"info","OLD_FLAG":"yes"}}""");
        var stored = BoundArgumentsJson.FromJson(final.Arguments);
        stored["data"].Should().BeEquivalentTo(new Dictionary<string, string?> { ["LOG_LEVEL"] = "debug", ["OLD_FLAG"] = null }, "a rollback rebuilds the arguments from the stored JSON");
    }

    [Fact]
    public async Task Run_ConfigMapEditedBetweenApprovalAndExecution_FailsAndTheOtherEditSurvives()
    {
        await using var h = await GateHarness.StartAsync(WriteHarnessCalls.Policy);
        await CreateConfigAsync(h);
        var change = await WriteHarnessCalls.ProposeAsync(h, "update_configmap", new
        {
            @namespace = "demo",
            name = "app-config",
            data = new Dictionary<string, string?> { ["LOG_LEVEL"] = "debug" },
            reason = "debug logs",
        });
        await h.SubmitAsync(change.Id, "alice");
        await h.Cluster.PatchAsync(s_config, new JsonObject { ["data"] = new JsonObject { ["LOG_LEVEL"] = "warn" } }, null, dryRun: false);

        var final = await h.ProcessUntilFinalAsync(change.Id);

        final.State.Should().Be(ChangeState.Failed);
        final.Outcome.Should().Contain("drifted");
        Data(await h.Cluster.GetAsync(s_config))["LOG_LEVEL"].Should().Be("warn", "the other edit survives");
    }

    [Fact]
    public async Task Holds_RemovedKeyPresentAgain_DoesNotHold()
    {
        await using var h = await GateHarness.StartAsync(WriteHarnessCalls.Policy);
        await CreateConfigAsync(h);
        var change = await WriteHarnessCalls.ProposeAsync(h, "update_configmap", new
        {
            @namespace = "demo",
            name = "app-config",
            data = new Dictionary<string, string?> { ["OLD_FLAG"] = null },
            reason = "cleanup",
        });
        var step = change.Request!.Steps.Single();

        WriteSteps.Holds(step, (await h.Cluster.GetAsync(s_config))!).Should().BeFalse("OLD_FLAG is still there");
        var removed = await h.Cluster.PatchAsync(s_config, new JsonObject { ["data"] = new JsonObject { ["OLD_FLAG"] = null } }, null, dryRun: false);
        WriteSteps.Holds(step, removed).Should().BeTrue("a null in the request means the key must be absent");
    }

    private static Task<JsonObject> CreateConfigAsync(GateHarness h) =>
        h.Cluster.CreateAsync(s_config, new CreateRequest
        {
            Body = new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "ConfigMap",
                ["metadata"] = new JsonObject { ["name"] = "app-config", ["namespace"] = "demo" },
                ["data"] = new JsonObject { ["LOG_LEVEL"] = "info", ["OLD_FLAG"] = "yes", ["KEEP"] = "1" },
            },
        }, dryRun: false);

    private static Dictionary<string, string> Data(JsonObject? configMap) =>
        (configMap?["data"] as JsonObject ?? []).ToDictionary(p => p.Key, p => p.Value!.GetValue<string>());
}
