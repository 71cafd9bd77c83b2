using McpGate.Testing.Files;
using McpGate.Testing.Mcp;
using McpGate.Testing.Processes;
using ModelContextProtocol.Client;

namespace McpGate.EndToEnd.Tests.Resources;

/// <summary>
/// <c>mcpgate serve --sandbox</c> over stdio with a policy directory that also holds
/// <c>tokens.yaml</c> (which is not a policy and must never be served) and an approver key made
/// by the real CLI. The client asks for protocol revision 2025-11-25, the last with resources/subscribe.
/// </summary>
public sealed class ResourcesGateFixture : IAsyncLifetime
{
    public const string Agent = "e2e-agent";

    /// <summary>The SHA-256 line in tokens.yaml; a test checks it never leaves the gate.</summary>
    public const string TokenHash = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    private readonly TempDirectory _temp = new("mcpgate-e2e-resources-");

    public McpClient Client { get; private set; } = null!;

    public string DataDir => _temp.Combine("data");

    public string PoliciesDir => _temp.Combine("policies");

    public string AliceKey => _temp.Combine("alice.pem");

    public async Task InitializeAsync()
    {
        var alice = await GateFixture.GenerateKeyAsync("alice", AliceKey);
        _temp.CopyPolicies(
            ("approvers.yaml", $"approvers:\n{alice}\n"),
            ("tokens.yaml", $"tokens:\n  - {{ identity: ci-bot, groups: [agents], sha256: '{TokenHash}' }}\n"));
        Client = await McpGateClient.StartAsync(
            ["--sandbox", "--data-dir", DataDir, "--policies", PoliciesDir, "--agent", Agent, "--log-level", "Warning"],
            environment: null, standardError: null, protocolVersion: "2025-11-25");
    }

    public async Task DisposeAsync()
    {
        if (Client is not null)
        {
            await Client.DisposeAsync();
        }

        _temp.Dispose();
    }

    /// <summary>Alice approves the change with the real CLI, from outside the MCP session.</summary>
    public async Task ApproveAsync(string changeId)
    {
        var approve = await McpGateCli.RunAsync(["approvals", "approve", changeId, "--key", AliceKey, "--data-dir", DataDir, "--policies", PoliciesDir]);
        if (approve.ExitCode != 0)
        {
            throw new InvalidOperationException($"approve failed: {approve}");
        }
    }
}
