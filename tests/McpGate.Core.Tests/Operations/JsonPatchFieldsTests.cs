using System.Text.Json.Nodes;
using McpGate.Core.Operations;

namespace McpGate.Core.Tests.Operations;

/// <summary>What of a JSON patch can be compared afterwards, and how much cannot.</summary>
public sealed class JsonPatchFieldsTests
{
    public static TheoryData<string, string?, int> Patches => new()
    {
        { "[{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":3}]", "{\"spec\":{\"replicas\":3}}", 0 },
        { "[{\"op\":\"add\",\"path\":\"/metadata/annotations/a~1b\",\"value\":\"x\"}]", "{\"metadata\":{\"annotations\":{\"a/b\":\"x\"}}}", 0 },
        { "[{\"op\":\"remove\",\"path\":\"/metadata/labels/old~0one\"}]", "{\"metadata\":{\"labels\":{\"old~one\":null}}}", 0 },
        { "[{\"op\":\"replace\",\"path\":\"/spec/template/spec/containers/0/image\",\"value\":\"x\"}]", null, 1 },
        { "[{\"op\":\"add\",\"path\":\"/spec/list/-\",\"value\":1},{\"op\":\"test\",\"path\":\"/a\",\"value\":1},{\"op\":\"add\",\"path\":\"/b\",\"value\":2}]", "{\"b\":2}", 2 },
        { "[{\"op\":\"add\",\"path\":\"/a\",\"value\":{\"x\":1}},{\"op\":\"replace\",\"path\":\"/a/x\",\"value\":2}]", null, 2 },
        { "[{\"op\":\"move\",\"from\":\"/a\",\"path\":\"/b\"}]", null, 1 },
        { "[{\"op\":\"move\",\"from\":\"/a\",\"path\":\"/b\"},{\"op\":\"add\",\"path\":\"/a\",\"value\":1},{\"op\":\"add\",\"path\":\"/c\",\"value\":1}]", "{\"c\":1}", 2 },
    };

    [Theory]
    [MemberData(nameof(Patches))]
    public void Of_JsonPatch_ComparesMapFieldsOnly(string patch, string? expected, int notCompared)
    {
        var (applied, skipped) = JsonPatchFields.Of(JsonNode.Parse(patch));

        (applied?.ToJsonString()).Should().Be(expected);
        skipped.Should().Be(notCompared);
    }
}
