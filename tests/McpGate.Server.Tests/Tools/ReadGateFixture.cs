using System.Text.Json;
using McpGate.Testing.Mcp;
using ModelContextProtocol.Protocol;

namespace McpGate.Server.Tests.Tools;

/// <summary>One <see cref="InMemoryGate"/> (real MCP server and client, seeded sandbox) shared by a class of read-tool tests, which do not write.</summary>
public sealed class ReadGateFixture : IAsyncLifetime
{
    internal InMemoryGate Gate { get; private set; } = null!;

    public async Task InitializeAsync() => Gate = await InMemoryGate.StartAsync();

    public async Task DisposeAsync()
    {
        if (Gate is not null)
        {
            await Gate.DisposeAsync();
        }
    }

    /// <summary>Calls a tool expecting an answer: its text and structured content.</summary>
    public async Task<(string Text, JsonElement Data)> ReadAsync(string tool, Dictionary<string, object?> arguments)
    {
        var result = await Gate.Client.CallToolAsync(tool, arguments);
        var text = McpGateClient.TextOf(result);
        result.IsError.Should().NotBe(true, text);
        return (text, result.StructuredContent ?? throw new InvalidOperationException($"{tool} returned no structured content"));
    }

    /// <summary>Calls a tool expecting an error result; its text.</summary>
    public async Task<string> FailAsync(string tool, Dictionary<string, object?> arguments)
    {
        CallToolResult result = await Gate.Client.CallToolAsync(tool, arguments);
        var text = McpGateClient.TextOf(result);
        result.IsError.Should().BeTrue(text);
        return text;
    }
}
