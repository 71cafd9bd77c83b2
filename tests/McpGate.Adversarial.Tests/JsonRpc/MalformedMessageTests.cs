using System.Text;
using System.Text.Json;

namespace McpGate.Adversarial.Tests.JsonRpc;

/// <summary>
/// Bytes that are not a well-formed MCP message, sent to the real server's stdin: each gets the
/// specific JSON-RPC error (id null when the id cannot be read), a notification gets nothing, the
/// server keeps serving and the cluster does not change.
/// </summary>
public sealed class MalformedMessageTests(RawGate gate) : IClassFixture<RawGate>
{
    private const int ParseError = -32700;
    private const int InvalidRequest = -32600;
    private const int InvalidParams = -32602;

    public static TheoryData<string, byte[], int, string?, string> Refused => new()
    {
        // name, line, code, expected id (raw JSON) or null for "id": null, text the message must contain
        { "not JSON", Utf8("{not json"), ParseError, null, "Parse error" },
        { "truncated object", Utf8("""{"jsonrpc":"2.0","id":7,"method":"tools/list" """), ParseError, null, "Parse error" },
        { "trailing garbage", Utf8("""{"jsonrpc":"2.0","id":7,"method":"tools/list"} x"""), ParseError, null, "Parse error" },
        { "two objects on one line", Utf8("""{"jsonrpc":"2.0","id":7,"method":"tools/list"}{"jsonrpc":"2.0","id":8,"method":"tools/list"}"""), ParseError, null, "Parse error" },
        { "comment", Utf8("""{"jsonrpc":"2.0","id":7,"method":"tools/list" /* hi */}"""), ParseError, null, "Parse error" },
        { "single quotes", Utf8("{'jsonrpc':'2.0','id':7,'method':'tools/list'}"), ParseError, null, "Parse error" },
        { "invalid UTF-8 byte", [.. Utf8("""{"jsonrpc":"2.0","id":7,"method":"tools/list","params":{"x":" """), 0xFF, .. Utf8("\"}}")], ParseError, null, "UTF-8" },
        { "overlong UTF-8 slash", [.. Utf8("""{"jsonrpc":"2.0","id":7,"method":"tools/list","params":{"x":" """), 0xC0, 0xAF, .. Utf8("\"}}")], ParseError, null, "UTF-8" },
        { "UTF-8 encoded surrogate", [.. Utf8("""{"jsonrpc":"2.0","id":7,"method":"tools/list","params":{"x":" """), 0xED, 0xA0, 0x80, .. Utf8("\"}}")], ParseError, null, "UTF-8" },
        { "UTF-16 encoded line", Encoding.Unicode.GetBytes("""{"jsonrpc":"2.0","id":7,"method":"tools/list"}"""), ParseError, null, "Parse error" },
        { "too deep", Utf8(new string('[', 200) + new string(']', 200)), ParseError, null, "Parse error" },
        { "batch", Utf8("""[{"jsonrpc":"2.0","id":7,"method":"tools/list"}]"""), InvalidRequest, null, "batch" },
        { "empty batch", Utf8("[]"), InvalidRequest, null, "batch" },
        { "number", Utf8("42"), InvalidRequest, null, "JSON object" },
        { "string", Utf8("\"tools/list\""), InvalidRequest, null, "JSON object" },
        { "null", Utf8("null"), InvalidRequest, null, "JSON object" },
        { "no jsonrpc", Utf8("""{"id":7,"method":"tools/list"}"""), InvalidRequest, "7", "jsonrpc" },
        { "jsonrpc 1.0", Utf8("""{"jsonrpc":"1.0","id":"seven","method":"tools/list"}"""), InvalidRequest, "\"seven\"", "jsonrpc" },
        { "jsonrpc as number", Utf8("""{"jsonrpc":2.0,"id":7,"method":"tools/list"}"""), InvalidRequest, "7", "jsonrpc" },
        { "id object", Utf8("""{"jsonrpc":"2.0","id":{"a":1},"method":"tools/list"}"""), InvalidRequest, null, "'id'" },
        { "id array", Utf8("""{"jsonrpc":"2.0","id":[1],"method":"tools/list"}"""), InvalidRequest, null, "'id'" },
        { "id boolean", Utf8("""{"jsonrpc":"2.0","id":true,"method":"tools/list"}"""), InvalidRequest, null, "'id'" },
        { "id fraction", Utf8("""{"jsonrpc":"2.0","id":1.5,"method":"tools/list"}"""), InvalidRequest, null, "'id'" },
        { "id null", Utf8("""{"jsonrpc":"2.0","id":null,"method":"tools/list"}"""), InvalidRequest, null, "'id'" },
        { "method number", Utf8("""{"jsonrpc":"2.0","id":7,"method":5}"""), InvalidRequest, "7", "'method'" },
        { "method empty", Utf8("""{"jsonrpc":"2.0","id":7,"method":""}"""), InvalidRequest, "7", "'method'" },
        { "neither method nor result", Utf8("""{"jsonrpc":"2.0","id":7}"""), InvalidRequest, "7", "'method'" },
        { "params array", Utf8("""{"jsonrpc":"2.0","id":7,"method":"tools/list","params":[1]}"""), InvalidParams, "7", "'params' must be an object" },
        { "params string", Utf8("""{"jsonrpc":"2.0","id":7,"method":"tools/call","params":"get_change"}"""), InvalidParams, "7", "'params' must be an object" },
        { "tool name number", Utf8("""{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":5}}"""), InvalidParams, "7", "'params.name' must be a string" },
        { "arguments string", Utf8("""{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"get_change","arguments":"x"}}"""), InvalidParams, "7", "'params.arguments' must be an object" },
        { "arguments array", Utf8("""{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"get_change","arguments":[]}}"""), InvalidParams, "7", "'params.arguments' must be an object" },
        { "tools/call without params", Utf8("""{"jsonrpc":"2.0","id":7,"method":"tools/call"}"""), InvalidParams, "7", "'params' is required" },
        { "tools/call without name", Utf8("""{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"arguments":{}}}"""), InvalidParams, "7", "name" },
        { "cursor number", Utf8("""{"jsonrpc":"2.0","id":7,"method":"tools/list","params":{"cursor":5}}"""), InvalidParams, "7", "'params.cursor' must be a string" },
        { "unknown tool", Utf8("""{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"delete_everything","arguments":{}}}"""), InvalidParams, "7", "delete_everything" },
        { "unknown method", Utf8("""{"jsonrpc":"2.0","id":7,"method":"completion/complete"}"""), -32601, "7", "completion/complete" },
    };

    public static TheoryData<string, byte[]> Unanswered => new()
    {
        { "cancelled with object requestId", Utf8("""{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":{}}}""") },
        { "cancelled without params", Utf8("""{"jsonrpc":"2.0","method":"notifications/cancelled"}""") },
        { "progress with string params", Utf8("""{"jsonrpc":"2.0","method":"notifications/progress","params":"x"}""") },
        { "progress with wrong token type", Utf8("""{"jsonrpc":"2.0","method":"notifications/progress","params":{"progressToken":{},"progress":"much"}}""") },
        { "notification without jsonrpc", Utf8("""{"method":"notifications/initialized"}""") },
        { "notification with duplicate keys", Utf8("""{"jsonrpc":"2.0","method":"notifications/initialized","params":{"a":1,"A":2}}""") },
        { "unknown notification", Utf8("""{"jsonrpc":"2.0","method":"notifications/whatever","params":{"x":1}}""") },
        { "blank line", Utf8("   ") },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task MalformedMessage_GetsTheSpecificError_AndChangesNothing(string scenario, byte[] line, int code, string? id, string named)
    {
        var before = await gate.GetWebAsync();

        var reply = await gate.SendAsync(line);

        reply.GetProperty("jsonrpc").GetString().Should().Be("2.0", scenario);
        reply.GetProperty("error").GetProperty("code").GetInt32().Should().Be(code, $"{scenario}: {reply}");
        reply.GetProperty("error").GetProperty("message").GetString().Should().Contain(named, scenario);
        if (id is null)
        {
            reply.GetProperty("id").ValueKind.Should().Be(JsonValueKind.Null, scenario);
        }
        else
        {
            reply.GetProperty("id").GetRawText().Should().Be(id, scenario);
        }

        await gate.AssertServingAsync();
        (await gate.GetWebAsync()).Should().Be(before, $"{scenario} must not change the cluster");
    }

    [Theory]
    [MemberData(nameof(Unanswered))]
    public async Task BadNotification_GetsNoAnswer_AndServerKeepsServing(string scenario, byte[] line)
    {
        var before = await gate.GetWebAsync();

        await gate.ExpectNoReplyAsync(line);

        (await gate.GetWebAsync()).Should().Be(before, scenario);
    }

    [Fact]
    public async Task HugeLine_IsRefusedWithoutBeingRead_AndServerKeepsServing()
    {
        var before = await gate.GetWebAsync();
        var padding = new string('a', 6 * 1024 * 1024);
        var line = Utf8($$$$"""{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"scale_deployment","arguments":{"namespace":"demo","name":"web","replicas":9,"reason":"{{{{padding}}}}"}}}""");

        var reply = await gate.SendAsync(line);

        reply.GetProperty("error").GetProperty("code").GetInt32().Should().Be(InvalidRequest);
        reply.GetProperty("error").GetProperty("message").GetString().Should().Contain("longer than");
        reply.GetProperty("id").ValueKind.Should().Be(JsonValueKind.Null);
        await gate.AssertServingAsync();
        (await gate.GetWebAsync()).Should().Be(before);
    }

    [Fact]
    public async Task ManyMalformedLinesAtOnce_AreEachAnswered_InOrder()
    {
        var lines = Enumerable.Range(0, 50).Select(i => i % 2 == 0 ? Utf8("{oops " + i) : Utf8($$$"""{"jsonrpc":"2.0","id":"m{{{i}}}","method":"tools/call","params":{"name":{{{i}}}}}""")).ToList();
        var joined = lines.SelectMany(l => l.Append((byte)'\n')).ToArray();

        await gate.Process.WriteLineAsync(joined[..^1]);
        var replies = new List<JsonElement>();
        for (var i = 0; i < lines.Count; i++)
        {
            replies.Add(await gate.Process.ReadJsonAsync(RawGate.ReplyTimeout));
        }

        replies.Count(r => r.GetProperty("error").GetProperty("code").GetInt32() == ParseError).Should().Be(25);
        replies.Where(r => r.GetProperty("id").ValueKind == JsonValueKind.String).Select(r => r.GetProperty("id").GetString())
            .Should().BeEquivalentTo(Enumerable.Range(0, 50).Where(i => i % 2 == 1).Select(i => $"m{i}"));
        await gate.AssertServingAsync();
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
