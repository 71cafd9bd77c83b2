using McpGate.Testing.Files;
using McpGate.Testing.Processes;

namespace McpGate.EndToEnd.Tests;

/// <summary>A client's ordinary mistakes cost the operator one information line each in the server's log, never a stack trace or a warning.</summary>
public sealed class ServerLogTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task ClientMistakes_AreLoggedInOneInformationLineEach_WithoutStackTraces()
    {
        using var temp = new TempDirectory("mcpgate-logs-");
        await using var server = StdioProcess.StartMcpGate("serve", "--sandbox", "--data-dir", temp.Combine("data"), "--policies", temp.CopyPolicies(), "--log-level", "Debug");
        await server.WriteLineAsync("""{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}""");
        (await server.ReadJsonAsync(s_timeout)).GetProperty("result").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Object);
        await server.WriteLineAsync("""{"jsonrpc":"2.0","method":"notifications/initialized"}""");

        var mistakes = new[]
        {
            """{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"delete_everything","arguments":{}}}""",
            """{"jsonrpc":"2.0","id":3,"method":"completion/complete"}""",
            """{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":5}}""",
            """{"jsonrpc":"2.0","id":5,"method":"prompts/list"}""",
            """{"jsonrpc":"2.0","id":6,"method":"resources/read","params":{"uri":"mcpgate://policies/../tokens"}}""",
            "{not json",
        };
        foreach (var mistake in mistakes)
        {
            await server.WriteLineAsync(mistake);
            (await server.ReadJsonAsync(s_timeout)).TryGetProperty("error", out _).Should().BeTrue(mistake);
        }

        await server.DisposeAsync();
        var log = server.StandardError.Split('\n');
        log.Should().NotContain(l => l.TrimStart().StartsWith("at ", StringComparison.Ordinal), "no stack trace for a client's mistake");
        log.Should().NotContain(l => l.Contains("Exception", StringComparison.Ordinal), "no exception is logged for a client's mistake");
        log.Should().NotContain(l => (l.StartsWith("warn:", StringComparison.Ordinal) || l.StartsWith("fail:", StringComparison.Ordinal)) && !l.Contains("Policy:", StringComparison.Ordinal));
        log.Where(l => l.Contains("GateStdioTransport[220", StringComparison.Ordinal)).Should().HaveCount(mistakes.Length)
            .And.OnlyContain(l => l.StartsWith("info:", StringComparison.Ordinal));
        log.Should().Contain(l => l.Contains("delete_everything", StringComparison.Ordinal) && l.Contains("-32602", StringComparison.Ordinal));
        log.Should().Contain(l => l.Contains("completion/complete", StringComparison.Ordinal) && l.Contains("-32601", StringComparison.Ordinal));
        log.Should().Contain(l => l.Contains("resources/read", StringComparison.Ordinal) && l.Contains("-32002", StringComparison.Ordinal) && l.Contains("'..' segments", StringComparison.Ordinal));
        log.Should().Contain(l => l.Contains("'params.name' must be a string", StringComparison.Ordinal));
    }
}
