using System.Text.Json;
using McpGate.Testing.Files;
using McpGate.Testing.Processes;

namespace McpGate.Adversarial.Tests.JsonRpc;

/// <summary>
/// A real <c>mcpgate serve --sandbox</c> process spoken to in raw JSON-RPC lines over its stdin and
/// stdout, after a normal initialize handshake, so tests can send what no MCP client would.
/// </summary>
public sealed class RawGate : IAsyncLifetime
{
    public static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(60);

    private readonly TempDirectory _temp = new("mcpgate-jsonrpc-");
    private long _nextId = 1000;

    public StdioProcess Process { get; private set; } = null!;

    public string DataDir => _temp.Combine("data");

    public long NextId() => Interlocked.Increment(ref _nextId);

    public async Task InitializeAsync()
    {
        var policies = _temp.CopyPolicies();
        Process = StdioProcess.StartMcpGate("serve", "--sandbox", "--data-dir", DataDir, "--policies", policies, "--agent", "adversary", "--log-level", "Information");
        var init = await RequestAsync("""{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}""");
        if (!init.TryGetProperty("result", out _))
        {
            throw new InvalidOperationException($"initialize failed: {init}");
        }

        await Process.WriteLineAsync("""{"jsonrpc":"2.0","method":"notifications/initialized"}""");

        // The gate answers initialize and tools/list while it starts; a read waits for the start, and
        // the ledger the tests count with the CLI exists once it is answered.
        await GetWebAsync();
    }

    public async Task DisposeAsync()
    {
        if (Process is not null)
        {
            await Process.DisposeAsync();
        }

        _temp.Dispose();
    }

    /// <summary>Sends one line and returns the next line the server writes.</summary>
    public async Task<JsonElement> SendAsync(byte[] line)
    {
        await Process.WriteLineAsync(line);
        return await Process.ReadJsonAsync(ReplyTimeout);
    }

    public Task<JsonElement> RequestAsync(string line) => SendAsync(System.Text.Encoding.UTF8.GetBytes(line));

    /// <summary>Sends a line that must get no answer: the next line written must be the answer to a tools/list sent after it.</summary>
    public async Task ExpectNoReplyAsync(byte[] line)
    {
        await Process.WriteLineAsync(line);
        await AssertServingAsync();
    }

    /// <summary>The server still answers: tools/list returns the gate's tools, and it is the next line written.</summary>
    public async Task AssertServingAsync()
    {
        var id = NextId();
        var reply = await RequestAsync($$"""{"jsonrpc":"2.0","id":{{id}},"method":"tools/list"}""");
        reply.GetProperty("id").GetInt64().Should().Be(id, $"the next line must answer tools/list, not an earlier message: {reply}");
        reply.GetProperty("result").GetProperty("tools").EnumerateArray().Select(t => t.GetProperty("name").GetString())
            .Should().Contain(["scale_deployment", "get_deployment", "get_change"]);
        Process.HasExited.Should().BeFalse();
    }

    /// <summary>demo/web as the gate reads it: replicas and resourceVersion.</summary>
    public async Task<(int Replicas, string ResourceVersion)> GetWebAsync()
    {
        var id = NextId();
        var reply = await RequestAsync($$$$"""{"jsonrpc":"2.0","id":{{{{id}}}},"method":"tools/call","params":{"name":"get_deployment","arguments":{"namespace":"demo","name":"web"}}}""");
        var web = reply.GetProperty("result").GetProperty("structuredContent");
        return (web.GetProperty("replicas").GetInt32(), web.GetProperty("resourceVersion").GetString()!);
    }

    /// <summary>How many changes the ledger holds, in any state, as the real CLI lists them.</summary>
    public async Task<int> CountChangesAsync()
    {
        var run = await McpGateCli.RunAsync(["approvals", "list", "--all", "--json", "--data-dir", DataDir]);
        run.ExitCode.Should().Be(0, run.ToString());
        var text = run.StandardOutput.Trim();
        return text.StartsWith('[') ? JsonDocument.Parse(text).RootElement.GetArrayLength() : 0;
    }
}
