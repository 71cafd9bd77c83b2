using McpGate.Adversarial.Tests.Identities;
using McpGate.Testing.Files;
using McpGate.Testing.Mcp;
using ModelContextProtocol.Client;

namespace McpGate.Adversarial.Tests.Gates;

/// <summary>
/// A real gate (<c>mcpgate serve --sandbox</c> over stdio, agent <c>adv-agent</c>) whose policy trusts
/// two approvers of group <c>sre</c>, alice and bob, with their key files beside the data directory.
/// </summary>
internal sealed class TwoApproverGate : IAsyncDisposable
{
    private readonly TempDirectory _temp;

    private TwoApproverGate(TempDirectory temp, McpClient agent)
    {
        _temp = temp;
        Agent = agent;
    }

    public McpClient Agent { get; }

    public string DataDir => _temp.Combine("data");

    public string AliceKey => _temp.Combine("alice.pem");

    public string BobKey => _temp.Combine("bob.pem");

    public string Combine(string name) => _temp.Combine(name);

    public static async Task<TwoApproverGate> StartAsync(string prefix)
    {
        var temp = new TempDirectory(prefix);
        try
        {
            var (_, alice) = await ApproverKeys.GenerateAsync("alice", temp.Combine("alice.pem"), "sre");
            var (_, bob) = await ApproverKeys.GenerateAsync("bob", temp.Combine("bob.pem"), "sre");
            var policies = temp.CopyPolicies(("approvers.yaml", $"approvers:\n{alice}\n{bob}\n"));
            var agent = await McpGateClient.StartAsync(["--sandbox", "--data-dir", temp.Combine("data"), "--policies", policies, "--agent", "adv-agent", "--log-level", "Warning"]);
            return new TwoApproverGate(temp, agent);
        }
        catch
        {
            temp.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Agent.DisposeAsync();
        _temp.Dispose();
    }
}
