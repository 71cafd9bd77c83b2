using System.Text.Json;
using McpGate.Testing.Mcp;
using ModelContextProtocol.Client;

namespace McpGate.Server.Tests.Tools.Reads;

/// <summary>A read tool call's two answers: the text the model reads and the structured content.</summary>
internal static class Calls
{
    public static async Task<(string Text, JsonElement Data)> ReadAsync(this McpClient client, string tool, Dictionary<string, object?> arguments)
    {
        var result = await client.CallToolAsync(tool, arguments);
        result.IsError.Should().NotBe(true, McpGateClient.TextOf(result));
        return (McpGateClient.TextOf(result), result.StructuredContent ?? throw new InvalidOperationException($"{tool} returned no structured content"));
    }

    /// <summary>The error text of a call that must fail.</summary>
    public static async Task<string> FailAsync(this McpClient client, string tool, Dictionary<string, object?> arguments)
    {
        var result = await client.CallToolAsync(tool, arguments);
        result.IsError.Should().BeTrue($"{tool} should have refused: {McpGateClient.TextOf(result)}");
        return McpGateClient.TextOf(result);
    }

    public static IEnumerable<string> Names(this JsonElement items) =>
        items.EnumerateArray().Select(i => i.GetProperty("name").GetString()!);
}
