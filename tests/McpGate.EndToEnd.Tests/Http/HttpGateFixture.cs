using System.Net.Http.Headers;
using McpGate.Testing.Files;
using McpGate.Testing.Processes;
using ModelContextProtocol.Client;

namespace McpGate.EndToEnd.Tests.Http;

/// <summary>
/// One real <c>mcpgate serve --http 127.0.0.1:0 --sandbox</c> with agent tokens for ci-bot, for alice
/// (who is also an approver) and for blocked-bot (whom a deny rule names in <c>requesters:</c>).
/// Over stdio the same gate's agent would be <see cref="StdioAgent"/>, which HTTP must never record.
/// </summary>
public sealed class HttpGateFixture : IAsyncLifetime
{
    public const string StdioAgent = "stdio-agent";

    private readonly TempDirectory _temp = new("mcpgate-http-");

    public McpGateHttpServer Server { get; private set; } = null!;

    public string DataDir => _temp.Combine("data");

    public string PoliciesDir { get; private set; } = null!;

    public string AliceKey => _temp.Combine("alice.pem");

    public string BobKey => _temp.Combine("bob.pem");

    public string CiBotToken { get; private set; } = null!;

    public string AliceToken { get; private set; } = null!;

    public string BlockedBotToken { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var alice = await GateFixture.GenerateKeyAsync("alice", AliceKey);
        var bob = await GateFixture.GenerateKeyAsync("bob", BobKey);
        PoliciesDir = _temp.CopyPolicies(
            ("approvers.yaml", $"approvers:\n{alice}\n{bob}\n"),
            ("requesters.yaml", "rules:\n  - { name: no-blocked-bot, tools: ['*'], requesters: [blocked-bot], effect: deny }\n"));
        CiBotToken = await McpGateHttpServer.CreateTokenAsync(PoliciesDir, "CI-Bot", "agents,ci");
        AliceToken = await McpGateHttpServer.CreateTokenAsync(PoliciesDir, "alice");
        BlockedBotToken = await McpGateHttpServer.CreateTokenAsync(PoliciesDir, "blocked-bot");
        Server = await McpGateHttpServer.StartAsync("--http", "127.0.0.1:0", "--sandbox", "--data-dir", DataDir, "--policies", PoliciesDir, "--agent", StdioAgent);
    }

    /// <summary>A protocol revision with sessions: a client pinned to it uses initialize and gets an Mcp-Session-Id.</summary>
    public const string SessionRevision = "2025-11-25";

    /// <summary>
    /// The SDK's own Streamable HTTP client, authenticated with <paramref name="token"/>. Left to itself
    /// (<paramref name="protocolVersion"/> null) it speaks 2026-07-28, which has no sessions; pinned to
    /// <see cref="SessionRevision"/> it initializes and works in a session.
    /// </summary>
    public async Task<McpClient> ConnectAsync(string token, CancellationToken cancellationToken, string? protocolVersion = null)
    {
        var transport = new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = Server.Url,
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = $"Bearer {token}" },
        });
        return await McpClient.CreateAsync(transport, new McpClientOptions { ProtocolVersion = protocolVersion }, cancellationToken: cancellationToken);
    }

    /// <summary>A raw POST of one JSON-RPC message, as a client that is not the SDK would send it.</summary>
    public HttpRequestMessage Post(string json, string? token)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Server.Url) { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Accept.ParseAdd("application/json, text/event-stream");
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return request;
    }

    public async Task DisposeAsync()
    {
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }

        _temp.Dispose();
    }
}
