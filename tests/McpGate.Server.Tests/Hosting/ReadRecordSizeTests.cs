using System.Text.Json;
using System.Text.Json.Nodes;
using McpGate.Server.Hosting;
using McpGate.Server.Tools;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace McpGate.Server.Tests.Hosting;

/// <summary>The read log's result size is counted without keeping the bytes, and equals the bytes the SDK writes.</summary>
public sealed class ReadRecordSizeTests
{
    public static TheoryData<string> Texts => new()
    {
        string.Empty,
        "NAME  READY\nweb   2/2",
        "ünïcødé 名前 🚀 and \"quotes\", <tags> & a\ttab",
        new string('x', 100_000),
    };

    [Theory]
    [MemberData(nameof(Texts))]
    public void SizeOf_EqualsTheSerializedLength(string text)
    {
        var data = new JsonObject { ["text"] = text, ["n"] = 3, ["nested"] = new JsonObject { ["list"] = new JsonArray(1, "two", null) } };
        var result = ToolResults.Read(new McpGate.Core.Reads.ReadResult { Text = text, Data = data });

        ReadRecords.SizeOf(result).Should().Be(JsonSerializer.SerializeToUtf8Bytes(result, McpJsonUtilities.DefaultOptions).Length);
    }

    [Fact]
    public void SizeOf_AnErrorResult_EqualsTheSerializedLength()
    {
        var result = ToolResults.Error("namespace: must match ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$");

        ReadRecords.SizeOf(result).Should().Be(JsonSerializer.SerializeToUtf8Bytes(result, McpJsonUtilities.DefaultOptions).Length);
    }

    [Fact]
    public void StructuredContent_FromTheSourceGeneratedContext_IsTheSameJsonAsTheReflectionSerializer()
    {
        var data = new JsonObject { ["replicas"] = 3, ["summary"] = "demo/web: replicas 2 -> 4 (+2)", ["list"] = new JsonArray("a", 1, true) };

        var structured = ToolResults.Success(data).StructuredContent!.Value;

        structured.GetRawText().Should().Be(JsonSerializer.SerializeToElement(data).GetRawText());
    }
}
