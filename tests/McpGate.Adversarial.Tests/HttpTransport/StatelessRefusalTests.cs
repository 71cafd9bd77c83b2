using System.Net;

namespace McpGate.Adversarial.Tests.HttpTransport;

/// <summary>Raw HTTP against <c>serve --http --stateless</c>: no sessions, so GET and DELETE are 405 and a session id is 400.</summary>
public sealed class StatelessRefusalTests(StatelessGateUnderAttack gate) : IClassFixture<StatelessGateUnderAttack>
{
    [Theory]
    [InlineData("GET", null)]
    [InlineData("DELETE", null)]
    [InlineData("GET", "abc")]
    [InlineData("DELETE", "abc")]
    [InlineData("PUT", null)]
    public async Task Request_OtherThanPost_Gets405WithAllowPost(string method, string? sessionId)
    {
        using var request = gate.Post(HttpGateUnderAttack.Write);
        request.Method = new HttpMethod(method);
        if (sessionId is not null)
        {
            request.Headers.TryAddWithoutValidation("Mcp-Session-Id", sessionId);
        }

        using var response = await gate.Http.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.MethodNotAllowed);
        response.Content.Headers.Allow.Should().Equal("POST");
        (await response.Content.ReadAsStringAsync()).Should().Contain("serve --stateless");
    }

    [Fact]
    public async Task Post_WithASessionId_Gets400AndProposesNothing()
    {
        using var request = gate.Post(HttpGateUnderAttack.Write);
        request.Headers.TryAddWithoutValidation("Mcp-Session-Id", "abc");

        using var response = await gate.Http.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).Should().Contain("stateless (serve --stateless) and issues no sessions");
        (await gate.LedgerChangesAsync()).Should().NotContain("chg-");
    }

    [Fact]
    public async Task Post_WithoutInitialize_IsServedOnItsOwn_AndInitializeIssuesNoSession()
    {
        using (var list = gate.Post())
        {
            using var response = await gate.Http.SendAsync(list);
            response.StatusCode.Should().Be(HttpStatusCode.OK);
            (await response.Content.ReadAsStringAsync()).Should().Contain("scale_deployment");
        }

        using var initialize = gate.Post(HttpGateUnderAttack.Initialize);
        using var initialized = await gate.Http.SendAsync(initialize);
        initialized.StatusCode.Should().Be(HttpStatusCode.OK);
        initialized.Headers.Contains("Mcp-Session-Id").Should().BeFalse();
    }
}
