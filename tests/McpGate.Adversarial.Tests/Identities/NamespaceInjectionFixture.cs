using McpGate.Testing.Files;
using McpGate.Testing.Mcp;
using ModelContextProtocol.Client;

namespace McpGate.Adversarial.Tests.Identities;

/// <summary>One real gate (<c>mcpgate serve --sandbox</c>) with an approver, shared by a test class.</summary>
public sealed class NamespaceInjectionFixture : IAsyncLifetime
{
    private readonly TempDirectory _temp = new("mcpgate-adv-ns-");

    public McpClient Client { get; private set; } = null!;

    public string DataDir => _temp.Combine("data");

    public async Task InitializeAsync()
    {
        var (_, alice) = await ApproverKeys.GenerateAsync("alice", _temp.Combine("alice.pem"));
        var policies = _temp.CopyPolicies(("approvers.yaml", $"approvers:\n{alice}\n"));
        Client = await McpGateClient.StartAsync(["--sandbox", "--data-dir", DataDir, "--policies", policies, "--agent", "adversary", "--log-level", "Warning"]);
    }

    public async Task DisposeAsync()
    {
        if (Client is not null)
        {
            await Client.DisposeAsync();
        }

        _temp.Dispose();
    }
}
