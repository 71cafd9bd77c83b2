using System.Collections.Concurrent;
using McpGate.Testing.Files;
using McpGate.Testing.Mcp;
using ModelContextProtocol.Client;

namespace McpGate.Adversarial.Tests.Proposals;

/// <summary>
/// Two real <c>mcpgate serve --sandbox</c> processes on one data directory, one per agent
/// (<c>--agent agent-alpha</c>, <c>--agent agent-beta</c>), each with its MCP client. Records
/// every change id each agent was given, so tests can check a listing against all of them.
/// </summary>
public sealed class TwoAgentGates : IAsyncLifetime
{
    private readonly TempDirectory _temp = new("mcpgate-list-");

    public McpClient Alpha { get; private set; } = null!;

    public McpClient Beta { get; private set; } = null!;

    public ConcurrentDictionary<string, McpClient> Owners { get; } = new(StringComparer.Ordinal);

    public async Task InitializeAsync()
    {
        var policies = _temp.CopyPolicies();
        var data = _temp.Combine("data");
        Alpha = await McpGateClient.StartAsync(["--sandbox", "--data-dir", data, "--policies", policies, "--agent", "agent-alpha", "--log-level", "Warning"]);
        Beta = await McpGateClient.StartAsync(["--sandbox", "--data-dir", data, "--policies", policies, "--agent", "agent-beta", "--log-level", "Warning"]);
    }

    public async Task DisposeAsync()
    {
        if (Alpha is not null)
        {
            await Alpha.DisposeAsync();
        }

        if (Beta is not null)
        {
            await Beta.DisposeAsync();
        }

        _temp.Dispose();
    }

    /// <summary>Calls scale_deployment as <paramref name="client"/>'s agent and records who got the change id.</summary>
    public async Task<string> ScaleAsync(McpClient client, string name, int replicas)
    {
        var result = await client.CallOkAsync("scale_deployment", Scale(name, replicas));
        var id = result.GetProperty("changeId").GetString()!;
        Owners[id] = client;
        return id;
    }

    public static Dictionary<string, object?> Scale(string name, int replicas) => new()
    {
        ["namespace"] = "demo",
        ["name"] = name,
        ["replicas"] = replicas,
        ["reason"] = "list test",
    };
}
