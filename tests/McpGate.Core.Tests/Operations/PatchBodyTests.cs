using System.Text.Json.Nodes;
using McpGate.Core.Cluster;
using McpGate.Core.Engine;
using McpGate.Core.Operations;

namespace McpGate.Core.Tests.Operations;

/// <summary>A patch document from the agent: a list of operations for json, one non-empty map otherwise.</summary>
public sealed class PatchBodyTests
{
    [Theory]
    [InlineData(PatchType.Merge, "{\"spec\":{\"replicas\":3}}")]
    [InlineData(PatchType.StrategicMerge, "spec:\n  replicas: 3\n")]
    public void Parse_ObjectPatch_ReturnsTheMap(PatchType type, string text)
    {
        var patch = PatchBody.Parse("patch", text, type);

        patch["spec"]!["replicas"]!.GetValue<long>().Should().Be(3);
    }

    [Fact]
    public void Parse_JsonPatch_ReturnsTheOperations()
    {
        var patch = PatchBody.Parse("patch", "[{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":3},{\"op\":\"move\",\"from\":\"/a\",\"path\":\"/b\"}]", PatchType.Json);

        patch.Should().BeOfType<JsonArray>().Which.Should().HaveCount(2);
    }

    public static TheoryData<PatchType, string, string> BadPatches => new()
    {
        { PatchType.Merge, "[{\"op\":\"remove\",\"path\":\"/a\"}]", "patch: a merge patch must be a non-empty map" },
        { PatchType.StrategicMerge, "{}", "patch: a strategic merge patch must be a non-empty map of the fields to set" },
        { PatchType.Merge, "a: 1\n---\nb: 2\n", "patch: must hold exactly one patch document (got 2)" },
        { PatchType.Json, "{\"spec\":{}}", "patch: a json patch must be a non-empty list of operations" },
        { PatchType.Json, "[]", "patch: a json patch must be a non-empty list of operations" },
        { PatchType.Json, "[\"replace\"]", "patch: operation 1: must be a map with op and path" },
        { PatchType.Json, "[{\"op\":\"explode\",\"path\":\"/a\"}]", "patch: operation 1: op must be one of add, remove, replace, move, copy, test (got \"explode\")" },
        { PatchType.Json, "[{\"op\":\"remove\",\"path\":\"a\"}]", "patch: operation 1: path must be a JSON pointer" },
        { PatchType.Json, "[{\"op\":\"remove\",\"path\":\"/a\"},{\"op\":\"copy\",\"path\":\"/b\"}]", "patch: operation 2: from must be a JSON pointer" },
        { PatchType.Json, "[{\"op\":\"replace\",\"path\":\"/a\"}]", "patch: operation 1: replace needs a value" },
        { PatchType.Json, "[{\"op\": \"add\"", "patch: line" },
    };

    [Theory]
    [MemberData(nameof(BadPatches))]
    public void Parse_BadPatch_IsRefusedNamingTheParameterAndRule(PatchType type, string text, string expected)
    {
        var act = () => PatchBody.Parse("patch", text, type);

        act.Should().Throw<ProposalException>().Which.Message.Should().Contain(expected);
    }

    [Fact]
    public void Parse_TooManyJsonOperations_IsRefused()
    {
        var text = "[" + string.Join(",", Enumerable.Repeat("{\"op\":\"remove\",\"path\":\"/a\"}", PatchBody.MaxOperations + 1)) + "]";

        var act = () => PatchBody.Parse("patch", text, PatchType.Json);

        act.Should().Throw<ProposalException>().Which.Message.Should().Contain($"at most {PatchBody.MaxOperations} operations");
    }
}
