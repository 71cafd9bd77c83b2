using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace McpGate.EndToEnd.Tests.Http;

/// <summary>Streamable HTTP by hand, as a client that is not an SDK sends it: POST, GET and DELETE with a token and a session id.</summary>
public static class RawMcp
{
    public const string SessionHeader = "Mcp-Session-Id";

    public const string Initialize = """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}""";

    public const string Initialized = """{"jsonrpc":"2.0","method":"notifications/initialized"}""";

    public const string List = """{"jsonrpc":"2.0","id":2,"method":"tools/list","params":{}}""";

    public static HttpRequestMessage Post(Uri url, string json, string token, string? sessionId = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Accept.ParseAdd("application/json, text/event-stream");
        return Authorize(request, token, sessionId);
    }

    public static HttpRequestMessage Get(Uri url, string token, string? sessionId)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.ParseAdd("text/event-stream");
        return Authorize(request, token, sessionId);
    }

    public static HttpRequestMessage Delete(Uri url, string token, string? sessionId) =>
        Authorize(new HttpRequestMessage(HttpMethod.Delete, url), token, sessionId);

    /// <summary>initialize, then notifications/initialized: the id of the new session.</summary>
    public static async Task<string> OpenSessionAsync(HttpClient http, Uri url, string token, CancellationToken cancellationToken)
    {
        using var response = await http.SendAsync(Post(url, Initialize, token), cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        response.StatusCode.Should().Be(HttpStatusCode.OK, body);
        body.Should().Contain("\"mcpgate\"");
        var sessionId = response.Headers.GetValues(SessionHeader).Single();
        using var initialized = await http.SendAsync(Post(url, Initialized, token, sessionId), cancellationToken);
        initialized.StatusCode.Should().Be(HttpStatusCode.Accepted);
        return sessionId;
    }

    /// <summary>The JSON-RPC message of an SSE response's data line (the last one: the response comes after any notifications).</summary>
    public static async Task<JsonElement> ReadMessageAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var data = body.Split('\n').Where(l => l.StartsWith("data: ", StringComparison.Ordinal)).LastOrDefault();
        data.Should().NotBeNull(body);
        using var document = JsonDocument.Parse(data!["data: ".Length..]);
        return document.RootElement.Clone();
    }

    private static HttpRequestMessage Authorize(HttpRequestMessage request, string token, string? sessionId)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (sessionId is not null)
        {
            request.Headers.TryAddWithoutValidation(SessionHeader, sessionId);
        }

        return request;
    }
}
