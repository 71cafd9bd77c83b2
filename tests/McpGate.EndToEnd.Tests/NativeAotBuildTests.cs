using System.Text.Json.Nodes;
using McpGate.Testing.Files;
using McpGate.Testing.Mcp;
using McpGate.Testing.Processes;
using ModelContextProtocol.Client;

namespace McpGate.EndToEnd.Tests;

/// <summary>
/// <c>mcpgate</c> built with NativeAOT and shipped as a .NET tool for linux-x64 (docs/install.md), from a copy of the
/// sources so that its build never meets the test run's, installed from a local folder: the demo, a gated change
/// over Streamable HTTP from proposal to <c>verified</c> with the approval CLI of the same build, the timeline both
/// ways and the ledger's verification. The build analyzers refuse code that NativeAOT would break; this runs what
/// they cannot see.
/// </summary>
public sealed class NativeAotBuildTests : IDisposable
{
    private static readonly TimeSpan s_publish = TimeSpan.FromMinutes(20);
    private static readonly TimeSpan s_step = TimeSpan.FromMinutes(3);
    private readonly TempDirectory _temp = new("mcpgate-aot-");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task NativeAotTool_RunsTheDemo_AndAGatedChangeOverHttp_ToVerified()
    {
        var mcpgate = await InstallAotToolAsync();
        var elsewhere = Directory.CreateDirectory(_temp.Combine("elsewhere")).FullName;

        var version = await ProcessRunner.RunAsync(mcpgate, ["--version"], s_step, workingDirectory: elsewhere);
        var demo = await ProcessRunner.RunAsync(mcpgate, ["demo", "--dir", _temp.Combine("demo")], s_step, workingDirectory: elsewhere);
        version.ExitCode.Should().Be(0, version.ToString());
        version.StandardOutput.Should().MatchRegex(@"^\d+\.\d+\.\d+");
        demo.ExitCode.Should().Be(0, demo.ToString());
        demo.StandardOutput.Should().Contain("final state verified").And.Contain("web: 5/5 ready");

        var key = _temp.Combine("alice.pem");
        var generated = await ProcessRunner.RunAsync(mcpgate, ["keys", "generate", "--identity", "alice", "--out", key], s_step);
        generated.ExitCode.Should().Be(0, generated.ToString());
        var approver = generated.StandardOutput.Split('\n').Single(l => l.TrimStart().StartsWith("- { identity: alice", StringComparison.Ordinal)).TrimEnd();
        var policies = _temp.CopyPolicies(("approvers.yaml", $"approvers:\n{approver}\n"));
        var token = await McpGateHttpServer.CreateTokenAsync(policies, "ci-bot", "agents");
        var data = _temp.Combine("data");
        await using var server = await McpGateHttpServer.StartExecutableAsync(mcpgate, "--http", "127.0.0.1:0", "--sandbox", "--data-dir", data, "--policies", policies);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await using var client = await McpClient.CreateAsync(
            new HttpClientTransport(new HttpClientTransportOptions
            {
                Endpoint = server.Url,
                TransportMode = HttpTransportMode.StreamableHttp,
                AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = $"Bearer {token}" },
            }),
            cancellationToken: timeout.Token);

        (await client.ListToolsAsync(cancellationToken: timeout.Token)).Select(t => t.Name).Should().Contain(["scale_deployment", "get_change", "list_deployments"]);
        var proposal = await client.CallOkAsync("scale_deployment", new() { ["namespace"] = "demo", ["name"] = "web", ["replicas"] = 4, ["reason"] = "aot" }, cancellationToken: timeout.Token);
        proposal.GetProperty("status").GetString().Should().Be("pending_approval", proposal.ToString());
        var changeId = proposal.GetProperty("changeId").GetString()!;
        var approve = await ProcessRunner.RunAsync(mcpgate, ["approvals", "approve", changeId, "--key", key, "--data-dir", data, "--policies", policies], s_step);
        approve.ExitCode.Should().Be(0, approve.ToString());
        var final = await client.CallOkAsync("get_change", new() { ["change_id"] = changeId, ["wait_seconds"] = 90 }, cancellationToken: timeout.Token);
        final.GetProperty("status").GetString().Should().Be("verified", final.ToString());
        var deployment = await client.CallOkAsync("get_deployment", new() { ["namespace"] = "demo", ["name"] = "web" }, cancellationToken: timeout.Token);
        deployment.ToString().Should().Contain("\"replicas\":4");

        var timeline = await client.CallOkAsync("get_change", new() { ["change_id"] = changeId, ["detail"] = "timeline" }, cancellationToken: timeout.Token);
        var shown = await ProcessRunner.RunAsync(mcpgate, ["changes", "show", changeId, "--data-dir", data, "--policies", policies, "--json"], s_step);
        var verify = await ProcessRunner.RunAsync(mcpgate, ["ledger", "verify", "--data-dir", data, "--policies", policies], s_step);
        shown.ExitCode.Should().Be(0, shown.ToString());
        JsonNode.DeepEquals(JsonNode.Parse(timeline.GetRawText()), JsonNode.Parse(shown.StandardOutput)).Should().BeTrue($"tool: {timeline}\ncli: {shown.StandardOutput}");
        timeline.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("event").GetString()).Should().EndWith(["executing", "executed", "verifying", "verified"]);
        verify.ExitCode.Should().Be(0, verify.ToString());
        verify.StandardOutput.Should().StartWith("ledger OK: ");
    }

    /// <summary>
    /// Copies what a build reads (not bin/ or obj/), packs the CLI as a NativeAOT .NET tool (the package that points
    /// to the runtime's package, then the linux-x64 package), and installs it into a private tool path from that
    /// folder alone; returns the installed command.
    /// </summary>
    private async Task<string> InstallAotToolAsync()
    {
        var source = _temp.Combine("source");
        Directory.CreateDirectory(source);
        foreach (var file in new[] { "Directory.Build.props", "Directory.Packages.props", "global.json", ".editorconfig" })
        {
            var from = Path.Combine(RepoPaths.Root, file);
            if (File.Exists(from))
            {
                File.Copy(from, Path.Combine(source, file));
            }
        }

        foreach (var folder in new[] { "src", "tool-manifests", "policies" })
        {
            CopyTree(Path.Combine(RepoPaths.Root, folder), Path.Combine(source, folder));
        }

        var project = Path.Combine(source, "src", "McpGate.Cli");
        var feed = _temp.Combine("feed");
        string[] aot = ["-c", "Release", "-p:PublishAot=true", "-p:ToolPackageRuntimeIdentifiers=linux-x64", "-o", feed, "-nologo"];
        var pointer = await ProcessRunner.RunAsync("dotnet", ["pack", project, .. aot], s_publish);
        pointer.ExitCode.Should().Be(0, pointer.ToString());
        var native = await ProcessRunner.RunAsync("dotnet", ["pack", project, "-r", "linux-x64", .. aot], s_publish);
        native.ExitCode.Should().Be(0, native.ToString());
        native.StandardOutput.Should().NotContain("warning IL", "the NativeAOT build has no trimming or AOT warnings");

        var config = _temp.Combine("nuget.config");
        await File.WriteAllTextAsync(config, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration><packageSources><clear /><add key="local" value="{feed}" /></packageSources></configuration>
            """);
        var tools = _temp.Combine("tools");
        var install = await ProcessRunner.RunAsync("dotnet", ["tool", "install", "--tool-path", tools, "--configfile", config, "McpGate.Cli"], s_step,
            new Dictionary<string, string?> { ["NUGET_PACKAGES"] = _temp.Combine("packages") }, _temp.Path);
        install.ExitCode.Should().Be(0, install.ToString());
        var mcpgate = Path.Combine(tools, "mcpgate");
        File.ResolveLinkTarget(mcpgate, returnFinalTarget: true)?.FullName.Should().Contain("linux-x64", "the runtime's own package was chosen");
        return mcpgate;
    }

    private static void CopyTree(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (var directory in Directory.EnumerateDirectories(from))
        {
            var name = Path.GetFileName(directory);
            if (name is not ("bin" or "obj"))
            {
                CopyTree(directory, Path.Combine(to, name));
            }
        }
    }
}
