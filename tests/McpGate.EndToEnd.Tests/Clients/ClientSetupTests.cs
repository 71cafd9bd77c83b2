using System.Text.Json;
using System.Text.Json.Nodes;
using McpGate.EndToEnd.Tests.Http;
using McpGate.Testing.Files;
using McpGate.Testing.Mcp;
using McpGate.Testing.Processes;
using ModelContextProtocol.Client;

namespace McpGate.EndToEnd.Tests.Clients;

/// <summary>
/// The client set-ups in <c>examples/clients/</c> and <c>mcp.json.example</c>: each is read as its client
/// reads it, and what it says is launched through the official C# SDK client. The files' placeholders are
/// replaced as docs/clients.md tells a reader to: <see cref="Executable"/> by the built mcpgate,
/// <c>--policies</c>, <c>--data-dir</c> and <c>--kubeconfig</c> by test folders, <see cref="Url"/> by the URL
/// that <c>serve --http</c> prints, and the token variable (<see cref="TokenVariable"/>, or VS Code's input
/// <see cref="TokenInput"/>) by a token from <c>mcpgate tokens create</c>.
/// </summary>
public sealed class ClientSetupTests(HttpGateFixture gate) : IClassFixture<HttpGateFixture>, IDisposable
{
    public const string Executable = "/opt/mcpgate/mcpgate";
    public const string Url = "http://127.0.0.1:8080/mcp";
    public const string TokenVariable = "MCPGATE_TOKEN";
    public const string TokenInput = "mcpgate-token";

    private readonly TempDirectory _temp = new("mcpgate-clients-");

    /// <summary>Each file, from the repository root, with its client.</summary>
    public static TheoryData<string, ClientKind> Setups => new()
    {
        { "mcp.json.example", ClientKind.Generic },
        { "examples/clients/claude-desktop.json", ClientKind.ClaudeDesktop },
        { "examples/clients/claude-code.json", ClientKind.ClaudeCode },
        { "examples/clients/cursor.json", ClientKind.Cursor },
        { "examples/clients/vscode.json", ClientKind.VsCode },
    };

    public void Dispose() => _temp.Dispose();

    [Theory]
    [MemberData(nameof(Setups))]
    public void Setup_HasItsClientsShape_AbsolutePaths_AndNoLiteralToken(string file, ClientKind client)
    {
        var (root, entries) = Load(file, client);

        var expected = client == ClientKind.ClaudeDesktop
            ? new[] { "mcpgate-sandbox", "mcpgate-prod" }
            : ["mcpgate-sandbox", "mcpgate-prod", "mcpgate-http"];
        entries.Select(e => e.Name).Should().Equal(expected);
        foreach (var entry in entries.Where(e => e.Transport == "stdio"))
        {
            entry.Command.Should().Be(Executable, "the placeholder docs/clients.md tells the reader to replace");
            entry.Arguments[0].Should().Be("serve");
            foreach (var option in new[] { "--policies", "--data-dir" })
            {
                var at = entry.Arguments.ToList().IndexOf(option);
                at.Should().BePositive($"{entry.Name} must pass {option}");
                Path.IsPathFullyQualified(entry.Arguments[at + 1]).Should().BeTrue($"{entry.Name}: {option} must be absolute: the client picks the working directory, and a relative --policies falls back to the shipped policy (no approvers)");
            }

            entry.Arguments.Should().Contain("--agent");
        }

        foreach (var entry in entries.Where(e => e.Transport == "http"))
        {
            entry.Url.Should().Be(Url);
            entry.Headers.Keys.Should().Equal("Authorization");
            var header = entry.Headers["Authorization"];
            header.Should().StartWith("Bearer ${").And.EndWith("}", "the token comes from the client's environment or a secret prompt, never the file");
            ClientSetup.Expand(client, root, header, Token("t0ken"), Typed("t0ken")).Should().Be("Bearer t0ken");
        }

        root.ToJsonString().Should().NotContain("mcpg_", "no token is written in a set-up file");
    }

    [Theory]
    [MemberData(nameof(Setups))]
    public async Task Setup_SandboxEntry_LaunchedAsWritten_ServesToolsAndReads(string file, ClientKind client)
    {
        var entry = Load(file, client).Entries.Single(e => e.Name == "mcpgate-sandbox");
        var policies = _temp.CopyPolicies();
        var dataDir = _temp.Combine("data-" + client);
        var arguments = entry.Arguments.ToList();
        Replace(arguments, "--policies", policies);
        Replace(arguments, "--data-dir", dataDir);

        var transport = new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = entry.Name,
            Command = BuiltExecutable(),
            Arguments = arguments,
            ShutdownTimeout = TimeSpan.FromSeconds(10),
        });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await using (var mcp = await McpClient.CreateAsync(transport, new McpClientOptions { DiscoverProbeTimeout = Timeout.InfiniteTimeSpan }, cancellationToken: timeout.Token))
        {
            await ListsToolsAndReadsAsync(mcp, timeout.Token);
        }

        var record = JsonNode.Parse(await File.ReadAllTextAsync(Directory.GetFiles(dataDir, "gate-*.json").Single()))!;
        record["policiesPath"]!.GetValue<string>().Should().Be(policies, "the gate loaded the policy the set-up names");
    }

    [Theory]
    [MemberData(nameof(Setups))]
    public async Task Setup_ProdEntry_OptionsAreKnownToServe(string file, ClientKind client)
    {
        var arguments = Load(file, client).Entries.Single(e => e.Name == "mcpgate-prod").Arguments.ToList();
        Replace(arguments, "--kubeconfig", _temp.Combine("missing.kubeconfig"));
        Replace(arguments, "--policies", _temp.CopyPolicies());
        Replace(arguments, "--data-dir", _temp.Combine("data"));

        var run = await McpGateCli.RunAsync([.. arguments]);

        run.ExitCode.Should().Be(2, run.ToString());
        run.StandardError.Should().Contain("missing.kubeconfig").And.NotContain("Unrecognized", "every option in the set-up must exist");
    }

    [Theory]
    [MemberData(nameof(Setups))]
    public async Task Setup_HttpEntry_WithTheTokenFromItsVariable_ServesToolsAndReads(string file, ClientKind client)
    {
        var (root, entries) = Load(file, client);
        var entry = entries.SingleOrDefault(e => e.Transport == "http");
        if (client == ClientKind.ClaudeDesktop)
        {
            entry.Should().BeNull("Claude Desktop's configuration file launches stdio servers only");
            return;
        }

        entry.Should().NotBeNull();
        var url = entry!.Url!.Replace(new Uri(Url).GetLeftPart(UriPartial.Authority), gate.Server.Url.GetLeftPart(UriPartial.Authority), StringComparison.Ordinal);
        url.Should().Be(gate.Server.Url.ToString());
        var headers = entry.Headers.ToDictionary(h => h.Key, h => ClientSetup.Expand(client, root, h.Value, Token(gate.CiBotToken), Typed(gate.CiBotToken)));

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var transport = new HttpClientTransport(new HttpClientTransportOptions { Endpoint = new Uri(url), TransportMode = HttpTransportMode.StreamableHttp, AdditionalHeaders = headers });
        await using (var mcp = await McpClient.CreateAsync(transport, cancellationToken: timeout.Token))
        {
            await ListsToolsAndReadsAsync(mcp, timeout.Token);
        }

        // The same entry with the variable unset sends the placeholder, which the gate refuses.
        var unexpanded = new HttpClientTransport(new HttpClientTransportOptions { Endpoint = new Uri(url), TransportMode = HttpTransportMode.StreamableHttp, AdditionalHeaders = new Dictionary<string, string>(entry.Headers) });
        var refused = async () => await McpClient.CreateAsync(unexpanded, cancellationToken: timeout.Token);
        (await refused.Should().ThrowAsync<Exception>()).Which.ToString().Should().Contain("401");
    }

    [Fact]
    public void Expand_RefusesAVariableFormTheClientDoesNotExpand()
    {
        var root = new JsonObject();
        var token = Token("t0ken");
        var act = () => ClientSetup.Expand(ClientKind.Cursor, root, "Bearer ${MCPGATE_TOKEN}", token, Typed("t0ken"));
        act.Should().Throw<InvalidDataException>().WithMessage("*Cursor*not a variable this client expands*");
        act = () => ClientSetup.Expand(ClientKind.ClaudeCode, root, "Bearer ${env:MCPGATE_TOKEN}", token, Typed("t0ken"));
        act.Should().Throw<InvalidDataException>().WithMessage("*ClaudeCode*");
        act = () => ClientSetup.Expand(ClientKind.VsCode, root, "Bearer ${input:mcpgate-token}", token, Typed("t0ken"));
        act.Should().Throw<InvalidDataException>().WithMessage("*no entry in 'inputs'*");
        act = () => ClientSetup.Expand(ClientKind.Generic, root, "Bearer ${MCPGATE_TOKEN}", new Dictionary<string, string>(), Typed("t0ken"));
        act.Should().Throw<InvalidDataException>().WithMessage("*MCPGATE_TOKEN is not set*");
    }

    [Fact]
    public void Parse_RefusesWhatTheClientWouldNotRead()
    {
        var http = new JsonObject { ["mcpServers"] = new JsonObject { ["x"] = new JsonObject { ["url"] = Url } } };
        var act = () => ClientSetup.Parse(ClientKind.ClaudeDesktop, http);
        act.Should().Throw<InvalidDataException>().WithMessage("*mcpServers.x.url*stdio servers only*");
        var untyped = new JsonObject { ["servers"] = new JsonObject { ["x"] = new JsonObject { ["command"] = Executable } } };
        act = () => ClientSetup.Parse(ClientKind.VsCode, untyped);
        act.Should().Throw<InvalidDataException>().WithMessage("*servers.x.type is required*");
        act = () => ClientSetup.Parse(ClientKind.Cursor, untyped);
        act.Should().Throw<InvalidDataException>().WithMessage("*top-level 'servers'*");
    }

    [Fact]
    public async Task Docs_NameEverySetupFile_AndThePlaceholders()
    {
        var docs = await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, "docs", "clients.md"));
        foreach (var file in Setups.Select(s => (string)s[0]))
        {
            docs.Should().Contain(Path.GetFileName(file));
        }

        docs.Should().Contain(Executable).And.Contain(Url).And.Contain(TokenVariable).And.Contain(TokenInput);
        (await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, "README.md"))).Should().Contain("docs/clients.md");
    }

    private static async Task ListsToolsAndReadsAsync(McpClient mcp, CancellationToken cancellationToken)
    {
        (await mcp.ListToolsAsync(cancellationToken: cancellationToken)).Select(t => t.Name).Should().Contain(["scale_deployment", "list_deployments", "get_change"]);
        var read = await mcp.CallOkAsync("list_deployments", new Dictionary<string, object?> { ["namespace"] = "demo" }, cancellationToken: cancellationToken);
        read.GetProperty("deployments").EnumerateArray().Select(d => d.GetProperty("name").GetString()).Should().BeEquivalentTo(["api", "web"], read.ToString());
        read.GetProperty("deployments").ValueKind.Should().Be(JsonValueKind.Array);
    }

    /// <summary>The mcpgate the test project built (its apphost beside mcpgate.dll), standing in for <see cref="Executable"/>.</summary>
    private static string BuiltExecutable()
    {
        var path = Path.Combine(Path.GetDirectoryName(McpGateCli.AssemblyPath)!, OperatingSystem.IsWindows() ? "mcpgate.exe" : "mcpgate");
        File.Exists(path).Should().BeTrue($"{path} is the executable the build puts beside mcpgate.dll");
        return path;
    }

    private static (JsonObject Root, IReadOnlyList<ServerEntry> Entries) Load(string file, ClientKind client)
    {
        var root = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, file)))!.AsObject();
        return (root, ClientSetup.Parse(client, root));
    }

    private static Dictionary<string, string> Token(string token) => new(StringComparer.Ordinal) { [TokenVariable] = token };

    private static Dictionary<string, string> Typed(string token) => new(StringComparer.Ordinal) { [TokenInput] = token };

    private static void Replace(List<string> arguments, string option, string value) => arguments[arguments.IndexOf(option) + 1] = value;
}
