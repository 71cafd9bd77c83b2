using System.Text.Json;
using McpGate.Testing.Files;
using McpGate.Testing.Processes;

namespace McpGate.EndToEnd.Tests.Http;

/// <summary>
/// The official TypeScript SDK client (<c>@modelcontextprotocol/sdk</c>, pinned in tests/interop with
/// its lock file; <c>.ci/run</c> runs <c>npm ci</c> there) drives the real <c>serve --http</c> with a
/// bearer token: list tools, a read, a write, a wait on get_change, the change read as a resource.
/// </summary>
public sealed class TypeScriptSdkHttpTests(HttpGateFixture gate) : IClassFixture<HttpGateFixture>
{
    private static string Interop => Path.Combine(RepoPaths.Root, "tests", "interop");

    [Fact]
    public async Task TypeScriptClient_OverHttp_ListsReadsProposesAndFollowsTheChange()
    {
        Directory.Exists(Path.Combine(Interop, "node_modules", "@modelcontextprotocol", "sdk"))
            .Should().BeTrue("run 'npm ci' in tests/interop first (.ci/run does)");

        var result = await ProcessRunner.RunAsync("node", [Path.Combine(Interop, "http-client.mjs"), gate.Server.Url.ToString()], TimeSpan.FromMinutes(2),
            new Dictionary<string, string?> { ["MCPGATE_TOKEN"] = gate.CiBotToken }, workingDirectory: Interop);

        result.ExitCode.Should().Be(0, result.ToString());
        using var report = JsonDocument.Parse(result.StandardOutput);
        var root = report.RootElement;
        root.GetProperty("server").GetProperty("name").GetString().Should().Be("mcpgate");
        root.GetProperty("sessionId").GetString().Should().MatchRegex("^[A-Za-z0-9_-]{43}$", "the TypeScript client initializes and works in a session");
        root.GetProperty("tools").EnumerateArray().Select(t => t.GetString()).Should().Contain(["scale_deployment", "get_deployment", "get_change"]);
        var annotations = root.GetProperty("scaleAnnotations");
        annotations.GetProperty("readOnlyHint").GetBoolean().Should().BeFalse();
        annotations.TryGetProperty("destructiveHint", out _).Should().BeTrue("every hint is sent explicitly");
        root.GetProperty("readIsError").GetBoolean().Should().BeFalse(root.ToString());
        root.GetProperty("read").ToString().Should().Contain("web");
        root.GetProperty("writeIsError").GetBoolean().Should().BeFalse(root.ToString());
        root.GetProperty("changeId").GetString().Should().StartWith("chg-");
        root.GetProperty("changeStatus").GetString().Should().Be("pending_approval", "a one-second wait ends with the change still waiting for a human");
        root.GetProperty("resourceUri").GetString().Should().Be($"mcpgate://changes/{root.GetProperty("changeId").GetString()}");
        root.GetProperty("resourceMimeType").GetString().Should().Be("application/json");
        root.GetProperty("resourceChangeId").GetString().Should().Be(root.GetProperty("changeId").GetString());
        root.GetProperty("resourceStatus").GetString().Should().Be("pending_approval");

        var shown = await McpGateCli.RunFromRootAsync(["changes", "show", root.GetProperty("changeId").GetString()!, "--data-dir", gate.DataDir, "--json"]);
        shown.StandardOutput.Should().Contain("ci-bot", "the TypeScript client's change is recorded as the token's identity");
    }
}
