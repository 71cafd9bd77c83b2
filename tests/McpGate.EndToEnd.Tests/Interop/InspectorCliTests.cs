using System.Text.Json;
using McpGate.EndToEnd.Tests.Http;
using McpGate.Testing.Files;
using McpGate.Testing.Processes;

namespace McpGate.EndToEnd.Tests.Interop;

/// <summary>
/// The MCP Inspector CLI (<c>@modelcontextprotocol/inspector-cli</c>, pinned in tests/interop) lists the
/// tools and calls a read over stdio (it launches <c>mcpgate serve --sandbox</c>) and over HTTP (the real
/// <c>serve --http</c> with the agent's bearer header); the test reads the JSON it prints.
/// </summary>
public sealed class InspectorCliTests(HttpGateFixture gate) : IClassFixture<HttpGateFixture>, IDisposable
{
    private readonly TempDirectory _temp = new("mcpgate-inspector-");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task OverStdio_ListsToolsAndReadsTheSeededDeployments()
    {
        InteropTools.RequireInstalled();
        var policies = _temp.CopyPolicies();

        // Everything after '--' is the server's command line: the Inspector CLI would take '--log-level'
        // before it as its own option (and refuse 'Warning', which is not one of its levels).
        var (command, arguments) = McpGateCli.Command("serve", "--sandbox", "--policies", policies, "--data-dir", _temp.Combine("data"), "--agent", "inspector", "--log-level", "Warning");
        string[] server = [command, .. StdioArguments(arguments)];

        var tools = await InspectAsync(server, ["--method", "tools/list"]);
        ToolNames(tools).Should().Contain(["scale_deployment", "list_deployments", "get_change"]);
        var scale = tools.GetProperty("tools").EnumerateArray().Single(t => t.GetProperty("name").GetString() == "scale_deployment");
        scale.GetProperty("annotations").GetProperty("readOnlyHint").GetBoolean().Should().BeFalse();

        var read = await InspectAsync(server, ["--method", "tools/call", "--tool-name", "list_deployments", "--tool-arg", "namespace=demo"]);
        SeededDeployments(read);
    }

    [Fact]
    public async Task OverHttp_WithTheBearerHeader_ListsToolsAndReadsTheSeededDeployments()
    {
        InteropTools.RequireInstalled();
        string[] server = [gate.Server.Url.ToString(), "--transport", "http", "--header", $"Authorization: Bearer {gate.CiBotToken}"];

        ToolNames(await InspectAsync(server, ["--method", "tools/list"])).Should().Contain(["scale_deployment", "list_deployments", "get_change"]);
        SeededDeployments(await InspectAsync(server, ["--method", "tools/call", "--tool-name", "list_deployments", "--tool-arg", "namespace=demo"]));
    }

    [Fact]
    public async Task OverHttp_WithoutAToken_IsRefused()
    {
        InteropTools.RequireInstalled();

        var run = await RunInspectorAsync([gate.Server.Url.ToString(), "--transport", "http", "--method", "tools/list"]);

        run.ExitCode.Should().NotBe(0, run.ToString());
        (run.StandardOutput + run.StandardError).Should().Contain("bearer token is required");
    }

    /// <summary>The server command's own arguments, after the Inspector CLI's '--'.</summary>
    private static IEnumerable<string> StdioArguments(IList<string> arguments) => ["--", .. arguments];

    private static async Task<JsonElement> InspectAsync(string[] server, string[] method)
    {
        // A stdio server is "COMMAND [inspector options] -- ARGS"; an HTTP server is "URL [options]".
        var separator = Array.IndexOf(server, "--");
        string[] arguments = separator < 0
            ? [.. server, .. method]
            : [.. server[..separator], .. method, .. server[separator..]];
        var run = await RunInspectorAsync(arguments);
        run.ExitCode.Should().Be(0, run.ToString());
        using var json = JsonDocument.Parse(run.StandardOutput);
        return json.RootElement.Clone();
    }

    private static Task<ProcessResult> RunInspectorAsync(string[] arguments) =>
        InteropTools.RunNodeAsync([InteropTools.Inspector, .. arguments], TimeSpan.FromMinutes(2), workingDirectory: InteropTools.InspectorFolder);

    private static IEnumerable<string?> ToolNames(JsonElement list) =>
        list.GetProperty("tools").EnumerateArray().Select(t => t.GetProperty("name").GetString());

    private static void SeededDeployments(JsonElement result)
    {
        result.TryGetProperty("isError", out var isError).Should().BeTrue(result.ToString());
        isError.GetBoolean().Should().BeFalse(result.ToString());
        var deployments = result.GetProperty("structuredContent").GetProperty("deployments").EnumerateArray().ToList();
        deployments.Select(d => d.GetProperty("name").GetString()).Should().BeEquivalentTo(["api", "web"]);
        deployments.Single(d => d.GetProperty("name").GetString() == "web").GetProperty("images")[0].GetString().Should().Be("nginx:1.27");
        result.GetProperty("content")[0].GetProperty("text").GetString().Should().Contain("2 deployments in namespace demo");
    }
}
