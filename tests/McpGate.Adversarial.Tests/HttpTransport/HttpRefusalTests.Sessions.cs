using System.Net;

namespace McpGate.Adversarial.Tests.HttpTransport;

/// <summary>Forged, altered and doubled session ids: 404 (or 400) for every method, nothing proposed, the real session unharmed.</summary>
public sealed partial class HttpRefusalTests
{
    /// <summary>Session ids built from a real one <c>S</c>; none may reach it.</summary>
    public static TheoryData<string> ForgedSessionIds => new()
    {
        "abc",
        "{S}x",
        "x{S}",
        "{S-1}",
        "{S-swapcase}",
        "{S}{S}",
        "{S}, {S}",
        "{S-long}",
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
    };

    [Theory]
    [MemberData(nameof(ForgedSessionIds))]
    public async Task Requests_WithAForgedSessionId_Get404_ProposeNothing_AndLeaveTheSession(string forged)
    {
        var sessionId = await gate.OpenSessionAsync();
        var id = forged
            .Replace("{S-1}", sessionId[..^1], StringComparison.Ordinal)
            .Replace("{S-swapcase}", new string([.. sessionId.Select(c => char.IsUpper(c) ? char.ToLowerInvariant(c) : char.ToUpperInvariant(c))]), StringComparison.Ordinal)
            .Replace("{S-long}", sessionId + new string('A', 8000), StringComparison.Ordinal)
            .Replace("{S}", sessionId, StringComparison.Ordinal);

        foreach (var method in new[] { HttpMethod.Post, HttpMethod.Get, HttpMethod.Delete })
        {
            using var request = gate.Post(HttpGateUnderAttack.Write);
            request.Method = method;
            request.Headers.TryAddWithoutValidation("Mcp-Session-Id", id);
            if (method == HttpMethod.Get)
            {
                request.Headers.Remove("Accept");
                request.Headers.TryAddWithoutValidation("Accept", "text/event-stream");
            }

            using var response = await gate.Http.SendAsync(request);

            response.StatusCode.Should().Be(HttpStatusCode.NotFound, $"{method} with a forged session id");
            (await response.Content.ReadAsStringAsync()).Should().Contain("-32001");
        }

        (await gate.LedgerChangesAsync()).Should().NotContain("chg-");
        using var real = gate.Post();
        real.Headers.TryAddWithoutValidation("Mcp-Session-Id", sessionId);
        using var served = await gate.Http.SendAsync(real);
        served.StatusCode.Should().Be(HttpStatusCode.OK, "the real session is unharmed");
        gate.Server.StandardError.Should().NotContain(sessionId, "a session id is never logged in full");
    }

    [Fact]
    public async Task Post_WithTwoSessionIdHeaders_Gets400()
    {
        var sessionId = await gate.OpenSessionAsync();

        // HttpClient joins repeated headers into one line ("S, S", an unknown id: 404); two lines need a raw request.
        var body = System.Text.Encoding.UTF8.GetBytes(HttpGateUnderAttack.Write);
        var head = $"POST /mcp HTTP/1.1\r\nHost: {gate.Server.Url.Authority}\r\nAuthorization: Bearer {gate.Token}\r\nContent-Type: application/json\r\n"
            + $"Accept: application/json, text/event-stream\r\nMcp-Session-Id: {sessionId}\r\nMcp-Session-Id: {sessionId}\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n";
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(gate.Server.Url.Host, gate.Server.Url.Port);
        await using var stream = tcp.GetStream();
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(head));
        await stream.WriteAsync(body);
        using var reader = new StreamReader(stream);
        var response = await reader.ReadToEndAsync();

        response.Should().StartWith("HTTP/1.1 400").And.Contain("Mcp-Session-Id must be sent once");
        (await gate.LedgerChangesAsync()).Should().NotContain("chg-");
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("GET")]
    [InlineData("DELETE")]
    public async Task Requests_WithoutASession_Get400_ExceptInitialize(string method)
    {
        using var request = gate.Post(HttpGateUnderAttack.Write);
        request.Method = new HttpMethod(method);
        if (method == "GET")
        {
            request.Headers.Remove("Accept");
            request.Headers.TryAddWithoutValidation("Accept", "text/event-stream");
        }

        using var response = await gate.Http.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).Should().Contain("Mcp-Session-Id is required");
        (await gate.LedgerChangesAsync()).Should().NotContain("chg-");
    }

    [Fact]
    public async Task Get_WithoutEventStreamInAccept_Gets406_AndWithLastEventId_400()
    {
        var sessionId = await gate.OpenSessionAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, gate.Server.Url);
        request.Headers.TryAddWithoutValidation("Authorization", $"Bearer {gate.Token}");
        request.Headers.TryAddWithoutValidation("Mcp-Session-Id", sessionId);
        request.Headers.TryAddWithoutValidation("Accept", "application/json");
        using var response = await gate.Http.SendAsync(request);
        response.StatusCode.Should().Be(HttpStatusCode.NotAcceptable);

        using var resume = new HttpRequestMessage(HttpMethod.Get, gate.Server.Url);
        resume.Headers.TryAddWithoutValidation("Authorization", $"Bearer {gate.Token}");
        resume.Headers.TryAddWithoutValidation("Mcp-Session-Id", sessionId);
        resume.Headers.TryAddWithoutValidation("Accept", "text/event-stream");
        resume.Headers.TryAddWithoutValidation("Last-Event-ID", "1");
        using var resumed = await gate.Http.SendAsync(resume);
        resumed.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await resumed.Content.ReadAsStringAsync()).Should().Contain("Last-Event-ID");
    }
}
