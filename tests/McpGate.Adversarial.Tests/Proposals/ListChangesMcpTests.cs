using System.Text.Json;
using McpGate.Testing.Files;
using McpGate.Testing.Mcp;
using ModelContextProtocol.Client;

namespace McpGate.Adversarial.Tests.Proposals;

/// <summary>
/// Two agents, two real <c>mcpgate serve</c> processes with their own <c>--agent</c> on one data
/// directory, through a real MCP client: each finds its own changes with <c>list_changes</c> and
/// never the other's, whatever filter it tries; a repeated write returns the pending change.
/// </summary>
public sealed class ListChangesMcpTests : IAsyncLifetime
{
    private readonly TempDirectory _temp = new("mcpgate-list-");
    private McpClient _alpha = null!;
    private McpClient _beta = null!;

    public async Task InitializeAsync()
    {
        var policies = _temp.CopyPolicies();
        var data = _temp.Combine("data");
        _alpha = await McpGateClient.StartAsync(["--sandbox", "--data-dir", data, "--policies", policies, "--agent", "agent-alpha", "--log-level", "Warning"]);
        _beta = await McpGateClient.StartAsync(["--sandbox", "--data-dir", data, "--policies", policies, "--agent", "agent-beta", "--log-level", "Warning"]);
    }

    public async Task DisposeAsync()
    {
        await _alpha.DisposeAsync();
        await _beta.DisposeAsync();
        _temp.Dispose();
    }

    [Fact]
    public async Task ListChanges_TwoAgentsOnOneDataDirectory_EachSeesOnlyItsOwn()
    {
        var a1 = await ScaleAsync(_alpha, 3);
        var a2 = await ScaleAsync(_alpha, 4);
        var b1 = await ScaleAsync(_beta, 5);

        (await IdsAsync(_alpha, [])).Should().Equal(a2, a1);
        (await IdsAsync(_beta, [])).Should().Equal(b1);
        (await IdsAsync(_alpha, new() { ["state"] = "pending_approval" })).Should().BeEquivalentTo([a1, a2]);
        (await IdsAsync(_beta, new() { ["tool"] = "scale_deployment", ["state"] = "pending_approval" })).Should().Equal(b1);
        (await IdsAsync(_alpha, new() { ["state"] = "verified" })).Should().BeEmpty();
        (await IdsAsync(_alpha, new() { ["limit"] = 1 })).Should().Equal(a2);
    }

    public static TheoryData<string, string> BadArguments => new()
    {
        { """{"requester":"agent-beta"}""", "requester: is not a parameter" },
        { """{"state":"PENDING_APPROVAL"}""", "state: must be one of" },
        { """{"state":"pending_approval\n"}""", "state: must be one of" },
        { """{"tool":"get_change"}""", "tool: must be the name" },
        { """{"limit":0}""", "limit: must be an integer from 1 to 100" },
        { """{"limit":"5"}""", "limit: must be an integer from 1 to 100" },
    };

    [Theory]
    [MemberData(nameof(BadArguments))]
    public async Task ListChanges_BadOrForeignArguments_RefusedNamingTheField(string json, string expected)
    {
        await ScaleAsync(_beta, 6);
        var arguments = JsonSerializer.Deserialize<Dictionary<string, object?>>(json)!;

        var result = await _alpha.CallToolAsync("list_changes", arguments);

        result.IsError.Should().BeTrue();
        McpGateClient.TextOf(result).Should().Contain(expected);
    }

    [Fact]
    public async Task Write_SameCallTwice_ReturnsThePendingChangeAndSaysSo()
    {
        var first = await _alpha.CallOkAsync("scale_deployment", Scale(7));
        var second = await _alpha.CallOkAsync("scale_deployment", Scale(7));
        var other = await _beta.CallOkAsync("scale_deployment", Scale(7));

        var id = first.GetProperty("changeId").GetString();
        second.GetProperty("changeId").GetString().Should().Be(id);
        second.GetProperty("note").GetString().Should().StartWith($"an identical change is already pending: {id}");
        first.TryGetProperty("note", out _).Should().BeFalse();
        other.GetProperty("changeId").GetString().Should().NotBe(id, "another requester's proposal is its own change");
        (await IdsAsync(_alpha, [])).Should().Equal(id);
    }

    private static Dictionary<string, object?> Scale(int replicas) => new()
    {
        ["namespace"] = "demo",
        ["name"] = "web",
        ["replicas"] = replicas,
        ["reason"] = "list test",
    };

    private static async Task<string?> ScaleAsync(McpClient client, int replicas) =>
        (await client.CallOkAsync("scale_deployment", Scale(replicas))).GetProperty("changeId").GetString();

    private static async Task<List<string?>> IdsAsync(McpClient client, Dictionary<string, object?> arguments)
    {
        var listed = await client.CallOkAsync("list_changes", arguments);
        var changes = listed.GetProperty("changes").EnumerateArray().ToList();
        listed.GetProperty("count").GetInt32().Should().Be(changes.Count);
        return [.. changes.Select(c => c.GetProperty("changeId").GetString())];
    }
}
