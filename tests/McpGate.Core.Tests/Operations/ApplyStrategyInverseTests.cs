using System.Text.Json.Nodes;
using McpGate.Core.Changes;
using McpGate.Core.Cluster;
using McpGate.Core.Operations;

namespace McpGate.Core.Tests.Operations;

/// <summary>An apply's inverse: what it created is deleted, what it updated is merge-patched back to what was observed.</summary>
public sealed class ApplyStrategyInverseTests
{
    private static readonly ChangeTarget s_settings = new() { Group = string.Empty, Version = "v1", Resource = "configmaps", Namespace = "demo", Name = "settings" };
    private static readonly ChangeTarget s_web = new() { Group = "apps", Version = "v1", Resource = "deployments", Namespace = "demo", Name = "web" };

    [Fact]
    public void Inverse_CreateAndApply_DeletesTheCreatedAndRestoresTheUpdated()
    {
        var observedWeb = Web(new JsonObject { ["tier"] = "old" }, "7");
        var plan = new WritePlan
        {
            Action = "apply",
            Steps =
            [
                new PlannedStep { Step = Step(WriteVerb.Create, s_settings, WritePrecondition.MustNotExist), Observed = null },
                new PlannedStep { Step = Step(WriteVerb.Apply, s_web, WritePrecondition.Of(observedWeb)), Observed = observedWeb },
            ],
        };
        var dryRuns = new List<JsonObject?> { new() { ["data"] = new JsonObject { ["a"] = "b" } }, Web(new JsonObject { ["tier"] = "new", ["added"] = "x" }, "8") };

        var inverse = new ApplyStrategy().Inverse(plan, dryRuns);

        inverse.NoneBecause.Should().BeNull();
        inverse.Steps.Select(s => (s.Verb, s.Target.Name)).Should().Equal((WriteVerb.Delete, "settings"), (WriteVerb.Patch, "web"));
        inverse.Steps[0].Precondition.Should().Be(new WritePrecondition(), "a rollback is proven against the cluster as it is then");
        inverse.Steps[1].PatchType.Should().Be(PatchType.Merge);
        inverse.Steps[1].Body!.ToJsonString().Should().Be("{\"metadata\":{\"labels\":{\"added\":null,\"tier\":\"old\"}}}");
    }

    [Fact]
    public void Inverse_ApplyThatChangesNothing_HasNoInverseWithAReason()
    {
        var observedWeb = Web(new JsonObject { ["tier"] = "same" }, "7");
        var plan = new WritePlan { Action = "apply", Steps = [new PlannedStep { Step = Step(WriteVerb.Apply, s_web, WritePrecondition.Of(observedWeb)), Observed = observedWeb }] };

        var inverse = new ApplyStrategy().Inverse(plan, [Web(new JsonObject { ["tier"] = "same" }, "7")]);

        inverse.Steps.Should().BeEmpty();
        inverse.NoneBecause.Should().NotBeNullOrEmpty();
    }

    private static WriteStep Step(WriteVerb verb, ChangeTarget target, WritePrecondition precondition) =>
        new() { Verb = verb, Target = target, Body = new JsonObject(), Precondition = precondition };

    private static JsonObject Web(JsonObject labels, string resourceVersion) => new()
    {
        ["apiVersion"] = "apps/v1",
        ["kind"] = "Deployment",
        ["metadata"] = new JsonObject { ["name"] = "web", ["namespace"] = "demo", ["uid"] = "u-1", ["resourceVersion"] = resourceVersion, ["labels"] = labels },
    };
}
