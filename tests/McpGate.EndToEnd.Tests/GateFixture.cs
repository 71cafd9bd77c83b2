using System.Text.RegularExpressions;
using McpGate.Testing.Files;
using McpGate.Testing.Mcp;
using McpGate.Testing.Processes;
using ModelContextProtocol.Client;

namespace McpGate.EndToEnd.Tests;

/// <summary>
/// One real gate for a test class: keys made by the real CLI, policies with that approver,
/// and <c>mcpgate serve --sandbox</c> started as a process and spoken to over stdio.
/// </summary>
public sealed partial class GateFixture : IAsyncLifetime
{
    public const string Agent = "e2e-agent";

    private readonly TempDirectory _temp = new("mcpgate-e2e-");

    public McpClient Client { get; private set; } = null!;

    public string DataDir => _temp.Combine("data");

    public string PoliciesDir => _temp.Combine("policies");

    public string AliceKey => _temp.Combine("alice.pem");

    public string BobKey => _temp.Combine("bob.pem");

    public string OutsiderKey => _temp.Combine("outsider.pem");

    public string TempPath => _temp.Path;

    public async Task InitializeAsync()
    {
        var alice = await GenerateKeyAsync("alice", AliceKey);
        var bob = await GenerateKeyAsync("bob", BobKey);
        await GenerateKeyAsync("outsider", OutsiderKey);
        _temp.CopyPolicies(("approvers.yaml", $"approvers:\n{alice}\n{bob}\n"));
        Client = await McpGateClient.StartAsync(["--sandbox", "--data-dir", DataDir, "--policies", PoliciesDir, "--agent", Agent, "--log-level", "Warning"]);

        // Tests may run the CLI on the data directory before any tool call.
        await Client.WaitUntilStartedAsync();
    }

    public async Task DisposeAsync()
    {
        if (Client is not null)
        {
            await Client.DisposeAsync();
        }

        _temp.Dispose();
    }

    /// <summary>Runs the real CLI with <c>--data-dir</c> and <c>--policies</c> appended where the command takes them.</summary>
    public Task<ProcessResult> CliAsync(params string[] arguments) => McpGateCli.RunAsync(arguments);

    internal static async Task<string> GenerateKeyAsync(string identity, string path)
    {
        var result = await McpGateCli.RunAsync(["keys", "generate", "--identity", identity, "--out", path]);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"keys generate failed: {result}");
        }

        var line = PolicyLine().Match(result.StandardOutput);
        return line.Success ? line.Value.TrimEnd() : throw new InvalidOperationException($"no policy line in: {result.StandardOutput}");
    }

    [GeneratedRegex(@"^\s*- \{ identity: .*\}\s*$", RegexOptions.Multiline)]
    private static partial Regex PolicyLine();
}
