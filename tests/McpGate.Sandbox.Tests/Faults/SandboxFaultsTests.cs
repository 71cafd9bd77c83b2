using System.Diagnostics;
using System.Net;
using McpGate.Sandbox.Faults;
using McpGate.Testing.Sandbox;

namespace McpGate.Sandbox.Tests.Faults;

public sealed class SandboxFaultsTests : IClassFixture<SandboxFixture>
{
    private const string WebPath = SandboxApi.DeploymentsPath + "/web";
    private readonly SandboxFixture _fixture;

    public SandboxFaultsTests(SandboxFixture fixture)
    {
        _fixture = fixture;
        _fixture.Cluster.Faults.Clear();
    }

    [Fact]
    public async Task TooManyRequests_RespondsWithRetryAfter_ThenServesNormally()
    {
        using var client = _fixture.CreateHttpClient();
        _fixture.Cluster.Faults.Add(new SandboxFault
        {
            Kind = SandboxFaultKind.TooManyRequests,
            Method = "GET",
            PathPrefix = WebPath,
            Count = 2,
            RetryAfter = TimeSpan.FromSeconds(3),
        });
        _fixture.Cluster.Faults.Pending.Should().Be(2);

        using var first = await client.GetAsync(WebPath);
        var body = await first.Content.ReadAsStringAsync();
        using var second = await client.GetAsync(WebPath);
        using var third = await client.GetAsync(WebPath);

        first.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        first.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(3));
        body.Should().Contain("\"reason\":\"TooManyRequests\"").And.Contain("\"retryAfterSeconds\":3");
        second.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        third.StatusCode.Should().Be(HttpStatusCode.OK);
        _fixture.Cluster.Faults.Pending.Should().Be(0);
    }

    /// <summary>Each code with the Status reason kube-apiserver sends with it.</summary>
    public static TheoryData<int, string> StatusReasons => new()
    {
        { 400, "BadRequest" },
        { 401, "Unauthorized" },
        { 403, "Forbidden" },
        { 404, "NotFound" },
        { 405, "MethodNotAllowed" },
        { 409, "Conflict" },
        { 410, "Expired" },
        { 413, "RequestEntityTooLarge" },
        { 415, "UnsupportedMediaType" },
        { 422, "Invalid" },
        { 429, "TooManyRequests" },
        { 500, "InternalError" },
        { 502, "InternalError" },
        { 503, "ServiceUnavailable" },
        { 504, "Timeout" },
        { 418, "" },
    };

    [Theory]
    [MemberData(nameof(StatusReasons))]
    public async Task ServerError_RespondsWithTheReasonTheApiServerSendsForTheCode_AndDoesNotExecuteTheWrite(int code, string reason)
    {
        using var client = _fixture.CreateHttpClient();
        var before = await SandboxApi.GetAsync(client, WebPath);
        _fixture.Cluster.Faults.Add(new SandboxFault { Kind = SandboxFaultKind.ServerError, StatusCode = code, Method = "PATCH", PathPrefix = WebPath });

        var (status, body) = await SandboxApi.MergePatchAsync(client, WebPath, new System.Text.Json.Nodes.JsonObject
        {
            ["metadata"] = new System.Text.Json.Nodes.JsonObject { ["annotations"] = new System.Text.Json.Nodes.JsonObject { ["fault"] = "x" } },
        });

        ((int)status).Should().Be(code);
        ((string)body["kind"]!).Should().Be("Status");
        ((string)body["status"]!).Should().Be("Failure");
        ((string)body["reason"]!).Should().Be(reason);
        ((int)body["code"]!).Should().Be(code);
        ((string)body["message"]!).Should().NotBeNullOrEmpty();
        var after = await SandboxApi.GetAsync(client, WebPath);
        SandboxApi.ResourceVersion(after).Should().Be(SandboxApi.ResourceVersion(before));
    }

    [Fact]
    public async Task ServerError_429_SendsRetryAfterAsTheApiServerDoes()
    {
        using var client = _fixture.CreateHttpClient();
        _fixture.Cluster.Faults.Add(new SandboxFault { Kind = SandboxFaultKind.ServerError, StatusCode = 429, Method = "GET", PathPrefix = WebPath });

        using var response = await client.GetAsync(WebPath);
        var body = await response.Content.ReadAsStringAsync();

        response.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        response.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(1));
        body.Should().Contain("\"retryAfterSeconds\":1");
    }

    [Fact]
    public async Task DropConnection_AbortsWithoutResponse()
    {
        using var client = _fixture.CreateHttpClient();
        _fixture.Cluster.Faults.Add(new SandboxFault { Kind = SandboxFaultKind.DropConnection, PathPrefix = "/api/v1/namespaces/demo/pods" });

        var act = () => client.GetAsync("/api/v1/namespaces/demo/pods");

        await act.Should().ThrowAsync<HttpRequestException>();
        using var retry = await client.GetAsync("/api/v1/namespaces/demo/pods");
        retry.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Delay_HoldsTheRequest_ThenServesIt()
    {
        using var client = _fixture.CreateHttpClient();
        _fixture.Cluster.Faults.Add(new SandboxFault { Kind = SandboxFaultKind.Delay, Delay = TimeSpan.FromMilliseconds(400), PathPrefix = "/api/v1/namespaces" });

        var stopwatch = Stopwatch.StartNew();
        using var response = await client.GetAsync("/api/v1/namespaces");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        stopwatch.Elapsed.Should().BeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(380));
    }

    [Fact]
    public async Task CountRequests_CountsByMethodAndPrefix()
    {
        using var client = _fixture.CreateHttpClient();
        const string Path = "/apis/apps/v1/namespaces/demo/deployments/api";
        var before = _fixture.Cluster.CountRequests("GET", Path);
        var total = _fixture.Cluster.RequestCount;

        (await client.GetAsync(Path)).Dispose();
        (await client.GetAsync(Path + "?pretty=true")).Dispose();

        _fixture.Cluster.CountRequests("get", Path).Should().Be(before + 2);
        _fixture.Cluster.CountRequests("DELETE", Path).Should().Be(0);
        _fixture.Cluster.RequestCount.Should().BeGreaterThanOrEqualTo(total + 2);
    }

    [Fact]
    public void Add_RejectsMalformedFaults()
    {
        var faults = new SandboxFaults();

        faults.Invoking(f => f.Add(new SandboxFault { Kind = SandboxFaultKind.ServerError, Count = 0 })).Should().Throw<ArgumentException>();
        faults.Invoking(f => f.Add(new SandboxFault { Kind = SandboxFaultKind.ServerError, StatusCode = 200 })).Should().Throw<ArgumentException>();
        faults.Invoking(f => f.Add(new SandboxFault { Kind = SandboxFaultKind.Delay })).Should().Throw<ArgumentException>();
        faults.Invoking(f => f.Add(new SandboxFault { Kind = SandboxFaultKind.ServerError, PathPrefix = "api" })).Should().Throw<ArgumentException>();
        faults.Pending.Should().Be(0);
    }
}
