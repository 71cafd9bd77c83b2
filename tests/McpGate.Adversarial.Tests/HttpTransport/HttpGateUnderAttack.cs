using System.Net.Http.Headers;
using System.Text;
using McpGate.Testing.Files;
using McpGate.Testing.Processes;

namespace McpGate.Adversarial.Tests.HttpTransport;

/// <summary>
/// One real <c>mcpgate serve --http 127.0.0.1:0 --sandbox</c> (with sessions, the default) with one
/// agent token and one allowed browser origin, attacked with raw HTTP requests. Every refused write
/// is checked against the ledger afterwards: nothing may have been proposed.
/// </summary>
public class HttpGateUnderAttack : IAsyncLifetime
{
    public const string AllowedOrigin = "http://localhost:6274";

    /// <summary>A write the default policy accepts for proposal: any change it leaves in the ledger was let through.</summary>
    public const string Write = """{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"scale_deployment","arguments":{"namespace":"demo","name":"web","replicas":3,"reason":"attack"}}}""";

    public const string List = """{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{}}""";

    public const string Initialize = """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}""";

    private readonly TempDirectory _temp = new("mcpgate-http-attack-");

    public McpGateHttpServer Server { get; private set; } = null!;

    public string Token { get; private set; } = null!;

    public string DataDir => _temp.Combine("data");

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(60) };

    public async Task InitializeAsync()
    {
        var policies = _temp.CopyPolicies();
        Token = await McpGateHttpServer.CreateTokenAsync(policies, "ci-bot");
        Server = await McpGateHttpServer.StartAsync(["--http", "127.0.0.1:0", "--sandbox", "--data-dir", DataDir, "--policies", policies, "--allow-origin", AllowedOrigin, .. ModeArguments]);
    }

    /// <summary>The serve options that choose the mode: none for sessions.</summary>
    protected virtual string[] ModeArguments => [];

    /// <summary>Opens a session with initialize (and notifications/initialized); returns its id.</summary>
    public async Task<string> OpenSessionAsync()
    {
        using var initialize = Post(Initialize);
        using var response = await Http.SendAsync(initialize);
        response.StatusCode.Should().Be(System.Net.HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var sessionId = response.Headers.GetValues("Mcp-Session-Id").Single();
        using var initialized = Post("""{"jsonrpc":"2.0","method":"notifications/initialized"}""");
        initialized.Headers.TryAddWithoutValidation("Mcp-Session-Id", sessionId);
        using var done = await Http.SendAsync(initialized);
        done.StatusCode.Should().Be(System.Net.HttpStatusCode.Accepted);
        return sessionId;
    }

    /// <summary>A well-formed MCP POST with the token; callers then break one thing.</summary>
    public HttpRequestMessage Post(string json = List, string? path = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path is null ? Server.Url : new Uri(Server.BaseUrl, path))
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes(json)),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation("Accept", "application/json, text/event-stream");
        request.Headers.TryAddWithoutValidation("Authorization", $"Bearer {Token}");
        return request;
    }

    /// <summary>The change ids in the ledger, read by the operator's CLI.</summary>
    public async Task<string> LedgerChangesAsync()
    {
        var list = await McpGateCli.RunFromRootAsync(["changes", "list", "--data-dir", DataDir, "--json"]);
        list.ExitCode.Should().Be(0, list.ToString());
        return list.StandardOutput;
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }

        _temp.Dispose();
    }
}
