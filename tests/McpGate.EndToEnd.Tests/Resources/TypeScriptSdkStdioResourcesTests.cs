using System.Text.Json;
using McpGate.Testing.Files;
using McpGate.Testing.Processes;

namespace McpGate.EndToEnd.Tests.Resources;

/// <summary>
/// The official TypeScript SDK client (<c>@modelcontextprotocol/sdk</c>, pinned in tests/interop)
/// launches the real <c>mcpgate serve --sandbox</c> over stdio and reads the gate's resources:
/// templates, the list, a change and its proof, a refused URI, subscribe and unsubscribe.
/// </summary>
public sealed class TypeScriptSdkStdioResourcesTests : IDisposable
{
    private readonly TempDirectory _temp = new("mcpgate-e2e-ts-resources-");

    private static string Interop => Path.Combine(RepoPaths.Root, "tests", "interop");

    [Fact]
    public async Task TypeScriptClient_OverStdio_ReadsAChangeResource_AndIsRefusedTraversal()
    {
        Directory.Exists(Path.Combine(Interop, "node_modules", "@modelcontextprotocol", "sdk"))
            .Should().BeTrue("run 'npm ci' in tests/interop first (.ci/run does)");
        var alice = await GateFixture.GenerateKeyAsync("alice", _temp.Combine("alice.pem"));
        var policies = _temp.CopyPolicies(("approvers.yaml", $"approvers:\n{alice}\n"));
        var (command, arguments) = McpGateCli.Command(["serve", "--sandbox", "--data-dir", _temp.Combine("data"), "--policies", policies, "--agent", "ts-agent", "--log-level", "Warning"]);
        var launch = JsonSerializer.Serialize(new { command, args = arguments });

        var result = await ProcessRunner.RunAsync("node", [Path.Combine(Interop, "stdio-resources.mjs"), launch], TimeSpan.FromMinutes(2), environment: null, workingDirectory: Interop);

        result.ExitCode.Should().Be(0, result.ToString());
        using var report = JsonDocument.Parse(result.StandardOutput);
        var root = report.RootElement;
        root.GetProperty("capabilities").GetProperty("subscribe").GetBoolean().Should().BeTrue();
        root.GetProperty("templates").EnumerateArray().Select(t => t.GetString()).Should().Contain(["mcpgate://changes/{id}", "mcpgate://changes/{id}/proof", "mcpgate://policies/{name}"]);
        var changeId = root.GetProperty("changeId").GetString()!;
        changeId.Should().StartWith("chg-");
        root.GetProperty("listed").EnumerateArray().Select(u => u.GetString()).Should().Contain([$"mcpgate://changes/{changeId}", "mcpgate://policies/default", "mcpgate://policies/approvers"])
            .And.NotContain(u => u!.Contains("token", StringComparison.Ordinal));
        root.GetProperty("changeStatus").GetString().Should().Be("pending_approval");
        root.GetProperty("proofVerified").GetBoolean().Should().BeTrue();
        root.GetProperty("statementType").GetString().Should().Be("https://in-toto.io/Statement/v1");
        var refused = root.GetProperty("refused");
        refused.GetProperty("code").GetInt32().Should().Be(-32002);
        refused.GetProperty("message").GetString().Should().Contain("mcpgate://policies/../tokens").And.Contain("must not contain '.' or '..' segments");
    }

    public void Dispose() => _temp.Dispose();
}
