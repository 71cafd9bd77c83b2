using System.Text.Json;
using McpGate.Testing.Mcp;
using ModelContextProtocol.Client;

namespace McpGate.Adversarial.Tests.Proposals;

/// <summary>
/// Two agents, two real gates on one data directory, through a real MCP client: each finds its
/// own changes with <c>changes_list</c> and never the other's, whatever filter it tries; a
/// repeated write returns the pending change and says so.
/// </summary>
public sealed class ListChangesMcpTests(TwoAgentGates gates) : IClassFixture<TwoAgentGates>
{
    [Fact]
    public async Task ListChanges_TwoAgentsOnOneDataDirectory_EachSeesOnlyItsOwn()
    {
        var a1 = await gates.ScaleAsync(gates.Alpha, "web", 3);
        var a2 = await gates.ScaleAsync(gates.Alpha, "web", 4);
        var b1 = await gates.ScaleAsync(gates.Beta, "web", 5);

        var alpha = await IdsAsync(gates.Alpha, []);
        var beta = await IdsAsync(gates.Beta, []);

        alpha.Should().Contain([a1, a2]).And.NotContain(b1);
        alpha.IndexOf(a2).Should().BeLessThan(alpha.IndexOf(a1), "newest first");
        beta.Should().Contain(b1).And.NotContain([a1, a2]);
        alpha.Should().OnlyContain(id => gates.Owners[id] == gates.Alpha);
        beta.Should().OnlyContain(id => gates.Owners[id] == gates.Beta);
        (await IdsAsync(gates.Alpha, new() { ["state"] = "pending_approval" })).Should().Contain([a1, a2]).And.NotContain(b1);
        (await IdsAsync(gates.Beta, new() { ["tool"] = "scale_deployment", ["state"] = "pending_approval" })).Should().Contain(b1).And.NotContain([a1, a2]);
        (await IdsAsync(gates.Alpha, new() { ["state"] = "verified" })).Should().BeEmpty();
        (await IdsAsync(gates.Alpha, new() { ["limit"] = 1 })).Should().ContainSingle();
    }

    public static TheoryData<string, string> BadArguments => new()
    {
        { """{"requester":"agent-beta"}""", "requester: is not a parameter" },
        { """{"state":"PENDING_APPROVAL"}""", "state: must be one of" },
        { """{"state":"pending_approval\n"}""", "state: must be one of" },
        { """{"state":"pending_approval\u0000"}""", "state: must be one of" },
        { """{"tool":"get_change"}""", "tool: must be the name" },
        { """{"tool":"scale_deployment\n"}""", "tool: must be the name" },
        { """{"limit":0}""", "limit: must be an integer from 1 to 100" },
        { """{"limit":"5"}""", "limit: must be an integer from 1 to 100" },
        { """{"limit":1.5}""", "limit: must be an integer from 1 to 100" },
    };

    [Theory]
    [MemberData(nameof(BadArguments))]
    public async Task ListChanges_BadOrForeignArguments_RefusedNamingTheField(string json, string expected)
    {
        await gates.ScaleAsync(gates.Beta, "api", 6);
        var arguments = JsonSerializer.Deserialize<Dictionary<string, object?>>(json)!;

        var result = await gates.Alpha.CallToolAsync("changes_list", arguments);

        result.IsError.Should().BeTrue();
        McpGateClient.TextOf(result).Should().Contain(expected).And.NotContain("chg-");
    }

    [Fact]
    public async Task Write_SameCallTwice_ReturnsThePendingChangeAndSaysSo()
    {
        var first = await gates.Alpha.CallOkAsync("scale_deployment", TwoAgentGates.Scale("api", 7));
        var second = await gates.Alpha.CallOkAsync("scale_deployment", TwoAgentGates.Scale("api", 7));
        var other = await gates.Beta.CallOkAsync("scale_deployment", TwoAgentGates.Scale("api", 7));

        var id = first.GetProperty("changeId").GetString()!;
        gates.Owners[id] = gates.Alpha;
        gates.Owners[other.GetProperty("changeId").GetString()!] = gates.Beta;
        second.GetProperty("changeId").GetString().Should().Be(id);
        second.GetProperty("note").GetString().Should().StartWith($"an identical change is already pending: {id}");
        first.TryGetProperty("note", out _).Should().BeFalse();
        other.GetProperty("changeId").GetString().Should().NotBe(id, "another requester's proposal is its own change");
        (await IdsAsync(gates.Alpha, [])).Count(listed => listed == id).Should().Be(1);
    }

    private static async Task<List<string>> IdsAsync(McpClient client, Dictionary<string, object?> arguments)
    {
        var listed = await client.CallOkAsync("changes_list", arguments);
        var changes = listed.GetProperty("changes").EnumerateArray().ToList();
        listed.GetProperty("count").GetInt32().Should().Be(changes.Count);
        return [.. changes.Select(c => c.GetProperty("changeId").GetString()!)];
    }
}
