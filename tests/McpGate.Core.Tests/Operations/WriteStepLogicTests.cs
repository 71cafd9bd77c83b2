using System.Text.Json.Nodes;
using McpGate.Core.Changes;
using McpGate.Core.Cluster;
using McpGate.Core.Operations;

namespace McpGate.Core.Tests.Operations;

/// <summary>The pure parts of the write steps: preconditions, the inverse patch, and telling whether an interrupted step took effect.</summary>
public sealed class WriteStepLogicTests
{
    private static readonly ChangeTarget s_web = new() { Group = "apps", Version = "v1", Resource = "deployments", Namespace = "demo", Name = "web" };

    private static JsonObject Object(string uid, string version, string? image = "nginx:1.27", bool deleting = false)
    {
        var metadata = new JsonObject { ["name"] = "web", ["uid"] = uid, ["resourceVersion"] = version };
        if (deleting)
        {
            metadata["deletionTimestamp"] = "2026-11-30T00:00:00Z";
        }

        return new JsonObject
        {
            ["metadata"] = metadata,
            ["spec"] = new JsonObject { ["template"] = new JsonObject { ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "web", ["image"] = image }) } } },
        };
    }

    private static WriteStep Patch(string body = """{"spec":{"template":{"spec":{"containers":[{"name":"web","image":"nginx:1.28"}]}}}}""") => new()
    {
        Verb = WriteVerb.Patch,
        Target = s_web,
        PatchType = PatchType.StrategicMerge,
        Body = JsonNode.Parse(body),
        Precondition = new WritePrecondition { ResourceVersion = "10", Uid = "u1" },
    };

    public static TheoryData<string, bool?> PatchOutcomes => new()
    {
        { "unchanged", false },
        { "moved on, holds the change", true },
        { "moved on, other change", null },
        { "gone", false },
        { "replaced by a new object holding the change", false },
    };

    [Theory]
    [MemberData(nameof(PatchOutcomes))]
    public void TookEffect_Patch_JudgesFromTheObjectNow(string state, bool? expected)
    {
        var current = state switch
        {
            "unchanged" => Object("u1", "10"),
            "moved on, holds the change" => Object("u1", "11", "nginx:1.28"),
            "moved on, other change" => Object("u1", "11", "nginx:1.26"),
            "gone" => null,
            _ => Object("u2", "12", "nginx:1.28"),
        };

        WriteSteps.TookEffect(Patch(), current).Should().Be(expected, state);
    }

    [Fact]
    public void TookEffect_JsonPatchOfListPositionsThatMovedOn_CannotBeTold()
    {
        var step = Patch("""[{"op":"replace","path":"/spec/template/spec/containers/0/image","value":"nginx:1.28"}]""") with { PatchType = PatchType.Json };

        WriteSteps.TookEffect(step, Object("u1", "11", "nginx:1.28")).Should().BeNull("an operation on a list position says nothing checkable");
        WriteSteps.Applied(step).Should().BeNull();
        WriteSteps.NotCompared(step).Should().StartWith("none of the json patch's 1 operation(s) can be compared");
    }

    [Fact]
    public void TookEffect_JsonPatchOfMapFieldsThatMovedOn_IsJudgedByThoseFields()
    {
        var step = Patch("""[{"op":"add","path":"/metadata/labels","value":{"tier":"web"}}]""") with { PatchType = PatchType.Json };
        var holding = Object("u1", "11");
        holding["metadata"]!["labels"] = new JsonObject { ["tier"] = "web" };

        WriteSteps.TookEffect(step, holding).Should().BeTrue();
        WriteSteps.TookEffect(step, Object("u1", "11")).Should().BeNull("moved on without the field: someone else's change");
        WriteSteps.NotCompared(step).Should().BeNull();
    }

    [Theory]
    [InlineData("gone", true)]
    [InlineData("replaced", true)]
    [InlineData("terminating", true)]
    [InlineData("untouched", false)]
    public void TookEffect_Delete_GoneReplacedOrTerminatingCounts(string state, bool expected)
    {
        var step = new WriteStep { Verb = WriteVerb.Delete, Target = s_web, Precondition = new WritePrecondition { Uid = "u1", ResourceVersion = "10" } };
        var current = state switch
        {
            "gone" => null,
            "replaced" => Object("u2", "20"),
            "terminating" => Object("u1", "11", deleting: true),
            _ => Object("u1", "10"),
        };

        WriteSteps.TookEffect(step, current).Should().Be(expected, state);
    }

    [Fact]
    public void TookEffect_Create_OnlyWhenTheObjectHoldsWhatWasSent()
    {
        var step = new WriteStep { Verb = WriteVerb.Create, Target = s_web, Body = Object("ignored", "1", "nginx:1.28"), Precondition = WritePrecondition.MustNotExist };

        WriteSteps.TookEffect(step, null).Should().BeFalse("still absent: not created");
        WriteSteps.TookEffect(step, Object("u9", "30", "nginx:1.28")).Should().BeTrue();
        WriteSteps.TookEffect(step, Object("u9", "30", "busybox")).Should().BeFalse("someone else's object of that name");
    }

    [Theory]
    [InlineData(null, "u1", "10", false, "it no longer exists")]
    [InlineData("present", "u2", "10", false, "it was replaced (uid u1 -> u2)")]
    [InlineData("present", "u1", "11", false, "resourceVersion 10 -> 11")]
    [InlineData("present", "u1", "10", false, null)]
    [InlineData("present", "u1", "10", true, "it exists now, but the proof saw no such object")]
    [InlineData(null, "u1", "10", true, null)]
    public void Violation_NamesWhatChanged(string? present, string uid, string version, bool absent, string? expected)
    {
        var precondition = absent ? WritePrecondition.MustNotExist : new WritePrecondition { Uid = "u1", ResourceVersion = "10" };

        precondition.Violation(present is null ? null : Object(uid, version)).Should().Be(expected);
    }

    [Fact]
    public void InversePatch_RestoresChangedFields_RemovesAddedOnes_LeavesServerFieldsAlone()
    {
        var before = JsonNode.Parse("""{"metadata":{"name":"web","resourceVersion":"10","generation":3,"labels":{"app":"web"}},"spec":{"replicas":2,"paused":false,"template":{"spec":{"containers":[{"name":"web","image":"nginx:1.27"}]}}},"status":{"readyReplicas":2}}""")!.AsObject();
        var after = JsonNode.Parse("""{"metadata":{"name":"web","resourceVersion":"11","generation":4,"labels":{"app":"web","tier":"front"}},"spec":{"replicas":5,"paused":false,"template":{"spec":{"containers":[{"name":"web","image":"nginx:1.28"}]}}},"status":{"readyReplicas":5}}""")!.AsObject();

        var inverse = InversePatch.Between(after, before);

        inverse.ToJsonString().Should().Be("""{"metadata":{"labels":{"tier":null}},"spec":{"replicas":2,"template":{"spec":{"containers":[{"name":"web","image":"nginx:1.27"}]}}}}""");
        InversePatch.Between(before, before).Should().BeEmpty("nothing to restore");
    }

    [Fact]
    public void WriteRequest_RoundTripsThroughItsWireForm_WithSnakeCaseEnums()
    {
        var request = new WriteRequest
        {
            Action = "patch",
            Steps = [Patch(), new WriteStep { Verb = WriteVerb.Delete, Target = s_web, Propagation = DeletePropagation.Foreground, Precondition = new WritePrecondition { Uid = "u1" } }],
            Inverse = [Patch() with { Precondition = new WritePrecondition() }],
        };

        var json = OperationsJson.ToJson(request);

        json["steps"]![0]!["patchType"]!.GetValue<string>().Should().Be("strategic_merge");
        json["steps"]![1]!["propagation"]!.GetValue<string>().Should().Be("foreground");
        json["steps"]![1]!["verb"]!.GetValue<string>().Should().Be("delete");
        JsonNode.DeepEquals(OperationsJson.ToJson(OperationsJson.FromJson(json)), json).Should().BeTrue();
    }
}
