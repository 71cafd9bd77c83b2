using System.Net;
using System.Text;
using McpGate.Core.Tokens;

namespace McpGate.Adversarial.Tests.HttpTransport;

/// <summary>
/// Raw HTTP against <c>serve --http</c>: each refusal has its status, the right header, and leaves no
/// change in the ledger. The token is replaced by look-alikes (its hash, other case, pieces, padding).
/// </summary>
public sealed partial class HttpRefusalTests(HttpGateUnderAttack gate) : IClassFixture<HttpGateUnderAttack>
{
    /// <summary>Authorization values built from the real token <c>T</c> and its hash <c>H</c>; none may pass.</summary>
    public static TheoryData<string?> BadAuthorizations => new()
    {
        null,
        "",
        "Bearer",
        "Bearer ",
        "Basic Y2ktYm90OnNlY3JldA==",
        "Bearer wrong",
        "Bearer {T}x",
        "Bearer x{T}",
        "Bearer {T-1}",
        "Bearer {T-upper}",
        "Bearer {H}",
        "Bearer {T} {T}",
        "Bearer  {T}",
        "{T}",
        "Token {T}",
        "Bearer {T-url}",
    };

    [Theory]
    [MemberData(nameof(BadAuthorizations))]
    public async Task Post_WithABadOrMissingToken_Gets401AndProposesNothing(string? authorization)
    {
        using var request = gate.Post(HttpGateUnderAttack.Write);
        request.Headers.Remove("Authorization");
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", Expand(authorization));
        }

        using var response = await gate.Http.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.Select(h => h.Scheme).Should().Equal("Bearer");
        (await gate.LedgerChangesAsync()).Should().NotContain("chg-", "a refused write never reaches the engine");
    }

    [Fact]
    public async Task Post_ManyWrongTokensInParallel_AllGet401AndProposeNothing()
    {
        var attempts = Enumerable.Range(0, 40).Select(async i =>
        {
            using var request = gate.Post(HttpGateUnderAttack.Write);
            request.Headers.Remove("Authorization");
            request.Headers.TryAddWithoutValidation("Authorization", $"Bearer {gate.Token[..^2]}{i:D2}");
            using var response = await gate.Http.SendAsync(request);
            return response.StatusCode;
        });

        (await Task.WhenAll(attempts)).Should().OnlyContain(s => s == HttpStatusCode.Unauthorized);
        (await gate.LedgerChangesAsync()).Should().NotContain("chg-");
    }

    public static TheoryData<string[]> BadOrigins => new()
    {
        new[] { "http://evil.example" },
        new[] { "null" },
        new[] { "http://localhost:6274.evil.example" },
        new[] { "http://localhost:6275" },
        new[] { "https://localhost:6274" },
        new[] { "http://localhost" },
        new[] { "http://localhost:6274/path" },
        new[] { "http://localhost:6274", "http://evil.example" },
    };

    [Theory]
    [MemberData(nameof(BadOrigins))]
    public async Task Post_FromADisallowedOrigin_Gets403EvenWithAValidToken(string[] origins)
    {
        using var request = gate.Post(HttpGateUnderAttack.Write);
        foreach (var origin in origins)
        {
            request.Headers.TryAddWithoutValidation("Origin", origin);
        }

        using var response = await gate.Http.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await gate.LedgerChangesAsync()).Should().NotContain("chg-");
    }

    [Theory]
    [InlineData("http://localhost:6274")]
    [InlineData("HTTP://LOCALHOST:6274")]
    public async Task Post_FromTheAllowedOrigin_IsServed(string origin)
    {
        using var request = gate.Post(HttpGateUnderAttack.Initialize);
        request.Headers.TryAddWithoutValidation("Origin", origin);

        using var response = await gate.Http.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/mcp/")]
    [InlineData("/MCP")]
    [InlineData("/mcp/x")]
    [InlineData("/mcp%2F")]
    [InlineData("/sse")]
    [InlineData("/healthz/")]
    public async Task Post_ToAnotherPath_Gets404(string path)
    {
        using var request = gate.Post(HttpGateUnderAttack.Write, path);

        using var response = await gate.Http.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await gate.LedgerChangesAsync()).Should().NotContain("chg-");
    }

    [Theory]
    [InlineData("PUT", "/mcp", "GET, POST, DELETE")]
    [InlineData("PATCH", "/mcp", "GET, POST, DELETE")]
    [InlineData("OPTIONS", "/mcp", "GET, POST, DELETE")]
    [InlineData("POST", "/healthz", "GET")]
    [InlineData("DELETE", "/readyz", "GET")]
    public async Task Request_WithTheWrongMethod_Gets405WithAllow(string method, string path, string allow)
    {
        using var request = gate.Post(HttpGateUnderAttack.Write, path);
        request.Method = new HttpMethod(method);

        using var response = await gate.Http.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.MethodNotAllowed);
        response.Content.Headers.Allow.Should().Equal(allow.Split(", "));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("application/json")]
    [InlineData("text/event-stream")]
    [InlineData("text/html")]
    [InlineData("application/json, text/event-stream;q=0")]
    public async Task Post_WhoseAcceptLacksJsonOrEventStream_Gets406(string? accept)
    {
        using var request = gate.Post(HttpGateUnderAttack.Write);
        request.Headers.Remove("Accept");
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        using var response = await gate.Http.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.NotAcceptable);
        (await gate.LedgerChangesAsync()).Should().NotContain("chg-");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("text/plain")]
    [InlineData("application/xml")]
    [InlineData("application/json; charset=latin1")]
    [InlineData("application/jsonx")]
    [InlineData("multipart/form-data; boundary=x")]
    public async Task Post_WithAnotherContentType_Gets415(string? contentType)
    {
        using var request = gate.Post(HttpGateUnderAttack.Write);
        request.Content!.Headers.Remove("Content-Type");
        if (contentType is not null)
        {
            request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        using var response = await gate.Http.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.UnsupportedMediaType);
        (await gate.LedgerChangesAsync()).Should().NotContain("chg-");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Post_LargerThanTheLimit_Gets413AndTheServerStaysUp(bool declaredLength)
    {
        var padding = new string(' ', (int)Server.Http.GateHttpOptions.DefaultMaxBodyBytes);
        var body = Encoding.UTF8.GetBytes(HttpGateUnderAttack.Write[..^1] + padding + "}");
        using var request = gate.Post();
        request.Content = declaredLength ? new ByteArrayContent(body) : new StreamContent(new MemoryStream(body));
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        if (!declaredLength)
        {
            request.Headers.TransferEncodingChunked = true;
        }
        else
        {
            // The gate refuses a declared length before reading the body; without 100-continue the
            // client may still be sending when the connection closes, and see a reset instead of the 413.
            request.Headers.ExpectContinue = true;
        }

        using var response = await gate.Http.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        using var health = await gate.Http.GetAsync(new Uri(gate.Server.BaseUrl, "/healthz"));
        health.StatusCode.Should().Be(HttpStatusCode.OK);
        (await gate.LedgerChangesAsync()).Should().NotContain("chg-");
    }

    [Theory]
    [InlineData("MCP-Protocol-Version", "2099-01-01", "-32022")]
    [InlineData("MCP-Protocol-Version", "2024-11-05", "-32022")]
    public async Task Post_WithAnUnsupportedVersion_Gets400(string header, string value, string? code)
    {
        using var request = gate.Post(HttpGateUnderAttack.Write);
        request.Headers.TryAddWithoutValidation(header, value);

        using var response = await gate.Http.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        if (code is not null)
        {
            (await response.Content.ReadAsStringAsync()).Should().Contain(code);
        }

        (await gate.LedgerChangesAsync()).Should().NotContain("chg-");
    }

    [Theory]
    [InlineData("{not json", "-32700")]
    [InlineData("""[{"jsonrpc":"2.0","id":1,"method":"tools/list"}]""", "-32600")]
    [InlineData("""{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"scale_deployment","name":"get_deployment","arguments":{}}}""", "-32602")]
    public async Task Post_WithAMalformedMessage_Gets400WithTheJsonRpcError(string body, string code)
    {
        using var request = gate.Post(body);

        using var response = await gate.Http.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).Should().Contain(code);
        (await gate.LedgerChangesAsync()).Should().NotContain("chg-");
    }

    [Fact]
    public async Task Refusals_NeverLogTheTokenOrTheHeader()
    {
        using (var request = gate.Post())
        {
            request.Headers.Remove("Authorization");
            request.Headers.TryAddWithoutValidation("Authorization", $"Bearer {gate.Token}x");
            using var response = await gate.Http.SendAsync(request);
            response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        }

        var log = gate.Server.StandardError;
        log.Should().Contain("refused 401");
        log.Should().NotContain(gate.Token[5..25]).And.NotContain("Bearer mcpg_").And.NotContain(AgentTokenSecret.Hash(gate.Token), "only the hash's prefix names a token");
    }

    private string Expand(string template) => template
        .Replace("{T-1}", gate.Token[..^1], StringComparison.Ordinal)
        .Replace("{T-upper}", gate.Token.ToUpperInvariant(), StringComparison.Ordinal)
        .Replace("{T-url}", Uri.EscapeDataString(gate.Token).Replace("_", "%5F", StringComparison.Ordinal), StringComparison.Ordinal)
        .Replace("{H}", AgentTokenSecret.Hash(gate.Token), StringComparison.Ordinal)
        .Replace("{T}", gate.Token, StringComparison.Ordinal);
}
