using System.Text.Json.Nodes;
using McpGate.Sandbox.Api;
using McpGate.Sandbox.Api.Patching;

namespace McpGate.Sandbox.Tests.Api.Patching;

public sealed class JsonPatchTests
{
    [Fact]
    public void Apply_AddRemoveMoveCopy_ProducesExpectedDocument()
    {
        var target = JsonNode.Parse("""{"a":{"b":1},"list":[1,2],"x":"y"}""");
        var patch = JsonNode.Parse("""
            [{"op":"add","path":"/list/-","value":3},
             {"op":"remove","path":"/x"},
             {"op":"move","from":"/a/b","path":"/moved"},
             {"op":"copy","from":"/moved","path":"/a~1c"}]
            """);

        var result = JsonPatch.Apply(target, patch);

        result!.ToJsonString().Should().Be("""{"a":{},"list":[1,2,3],"moved":1,"a/c":1}""");
    }

    [Fact]
    public void Apply_FailingTest_Throws422()
    {
        var act = () => JsonPatch.Apply(JsonNode.Parse("""{"a":1}"""), JsonNode.Parse("""[{"op":"test","path":"/a","value":2}]"""));

        var status = act.Should().Throw<ApiException>().Which.Status;
        status.Code.Should().Be(422);
        status.Reason.Should().Be("Invalid");
        status.Message.Should().Be("the server rejected our request due to an error in our request", "the API server returns only this generic message");
    }

    [Theory]
    [InlineData("""{"op":"test"}""", "object")]
    [InlineData("\"[]\"", "string")]
    public void Apply_NotAnArray_Throws400LikeTheDecoder(string patch, string kind)
    {
        var act = () => JsonPatch.Apply(JsonNode.Parse("""{"a":1}"""), JsonNode.Parse(patch));

        var status = act.Should().Throw<ApiException>().Which.Status;
        status.Code.Should().Be(400);
        status.Message.Should().Be($"json: cannot unmarshal {kind} into Go value of type jsonpatch.Patch");
    }

    [Fact]
    public void MergePatch_NullRemovesAndObjectsMerge()
    {
        var result = JsonMergePatch.Apply(JsonNode.Parse("""{"a":{"b":1,"c":2},"d":3}"""), JsonNode.Parse("""{"a":{"b":null,"e":4},"d":null}"""));

        result!.ToJsonString().Should().Be("""{"a":{"c":2,"e":4}}""");
    }
}
