using System.Text.Json.Nodes;
using McpGate.Testing.Files;
using McpGate.Testing.Mcp;
using McpGate.Testing.Processes;

namespace McpGate.EndToEnd.Tests;

/// <summary>
/// The client configurations in <c>examples/mcp/</c>: each has the shape its client reads, uses
/// absolute paths only, and its sandbox entry starts a working gate through a real MCP client.
/// </summary>
public sealed class McpClientExamplesTests : IDisposable
{
    private readonly TempDirectory _temp = new("mcpgate-examples-");

    /// <summary>Each file, from the repository root, with the top-level key its client reads.</summary>
    public static TheoryData<string, string> Examples => new()
    {
        { "mcp.json.example", "mcpServers" },
        { "examples/mcp/claude-desktop.json", "mcpServers" },
        { "examples/mcp/cursor.json", "mcpServers" },
        { "examples/mcp/vscode.json", "servers" },
    };

    public void Dispose() => _temp.Dispose();

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_HasItsClientsShapeAndAbsolutePathsOnly(string file, string key)
    {
        var root = Load(file);

        root.Select(p => p.Key).Should().Equal(key);
        var servers = root[key]!.AsObject();
        servers.Select(s => s.Key).Should().Equal("mcpgate-sandbox", "mcpgate-prod");
        foreach (var (name, entry) in servers)
        {
            if (key == "servers")
            {
                entry!["type"]!.GetValue<string>().Should().Be("stdio", $"VS Code needs the transport type ({name})");
            }

            Path.IsPathFullyQualified(entry!["command"]!.GetValue<string>()).Should().BeTrue($"{name}: the client chooses the working directory");
            var args = Args(entry);
            args[0].Should().Be("serve");
            foreach (var option in new[] { "--policies", "--data-dir" })
            {
                var at = args.IndexOf(option);
                at.Should().BePositive($"{name} must pass {option}");
                Path.IsPathFullyQualified(args[at + 1]).Should().BeTrue($"{name}: {option} must be absolute, or the shipped policy (no approvers) is loaded");
            }

            args.Should().Contain("--agent");
        }
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task Example_SandboxEntry_StartsAGateThatRecordsItsPolicy(string file, string key)
    {
        var args = Args(Load(file)[key]!["mcpgate-sandbox"]!);
        var policies = _temp.CopyPolicies();
        var dataDir = _temp.Combine("data-" + Path.GetFileName(file).Replace('.', '-'));
        Replace(args, "--policies", policies);
        Replace(args, "--data-dir", dataDir);

        await using (var client = await McpGateClient.StartAsync(args.Skip(1)))
        {
            (await client.ListToolsAsync()).Select(t => t.Name).Should().Contain(["scale_deployment", "get_change"]);
        }

        var record = JsonNode.Parse(await File.ReadAllTextAsync(Directory.GetFiles(dataDir, "gate-*.json").Single()))!;
        record["policiesPath"]!.GetValue<string>().Should().Be(policies);
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task Example_ProdEntry_OptionsAreKnownToServe(string file, string key)
    {
        var args = Args(Load(file)[key]!["mcpgate-prod"]!);
        Replace(args, "--kubeconfig", _temp.Combine("missing.kubeconfig"));
        Replace(args, "--policies", _temp.CopyPolicies());
        Replace(args, "--data-dir", _temp.Combine("data"));

        var run = await McpGateCli.RunAsync([.. args]);

        run.ExitCode.Should().Be(2, run.ToString());
        run.StandardError.Should().Contain("missing.kubeconfig").And.NotContain("Unrecognized", "every option in the example must exist");
    }

    private static JsonObject Load(string file) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, file)))!.AsObject();

    private static List<string> Args(JsonNode entry) => [.. entry["args"]!.AsArray().Select(a => a!.GetValue<string>())];

    private static void Replace(List<string> args, string option, string value) => args[args.IndexOf(option) + 1] = value;
}
