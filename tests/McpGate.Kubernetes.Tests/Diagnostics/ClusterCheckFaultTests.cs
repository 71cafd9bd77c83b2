using McpGate.Kubernetes.Api;
using McpGate.Kubernetes.Diagnostics;
using McpGate.Kubernetes.KubeConfig;
using McpGate.Kubernetes.Tests.Support;

namespace McpGate.Kubernetes.Tests.Diagnostics;

/// <summary>The check reports what the cluster answers, failures included, and never throws for them.</summary>
public sealed class ClusterCheckFaultTests : IDisposable
{
    private const string Version = """{"major":"1","minor":"32","gitVersion":"v1.32.0"}""";
    private const string Identity = """{"kind":"SelfSubjectReview","status":{"userInfo":{"username":"alice","groups":["dev"]}}}""";
    private const string Allowed = """{"kind":"SelfSubjectAccessReview","status":{"allowed":true}}""";
    private const string Denied = """{"kind":"SelfSubjectAccessReview","status":{"allowed":false}}""";

    private static readonly KubeApiClientOptions s_options = new()
    {
        MaxReadAttempts = 1,
        Timeout = TimeSpan.FromSeconds(2),
        RetryBaseDelay = TimeSpan.FromMilliseconds(10),
    };

    private static readonly IReadOnlyList<ClusterAccessRequirement> s_needs =
    [
        new("get", "apps", "deployments"),
        new("list", "apps", "deployments"),
        new("patch", "apps", "deployments"),
        new("list", string.Empty, "pods"),
    ];

    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(30));

    public void Dispose() => _timeout.Dispose();

    [Fact]
    public async Task RunAsync_IdentityAnswers500_ReportsItWithoutThrowing()
    {
        await using var server = new ScriptedHttpServer(ScriptedResponse.Ok(Version), ScriptedResponse.Status(500, "InternalError", "etcd down"), ScriptedResponse.Ok(Allowed));

        var report = await RunAsync(server, ["demo"]);

        report.Connected.Should().BeTrue();
        report.Errors.Should().ContainSingle().Which.Should().Contain("SelfSubjectReview").And.Contain("etcd down");
    }

    [Theory]
    [InlineData(404)]
    [InlineData(403)]
    public async Task RunAsync_NoSelfSubjectReview_FallsBackToTheTokensSubject(int status)
    {
        await using var server = new ScriptedHttpServer(ScriptedResponse.Ok(Version), ScriptedResponse.Status(status, status == 404 ? "NotFound" : "Forbidden", "no"), ScriptedResponse.Ok(Allowed));
        var token = KubeconfigUserTests.Jwt("""{"sub":"system:serviceaccount:gate:mcpgate"}""");

        var report = await RunAsync(server, ["demo"], token);

        report.User.Should().Be("system:serviceaccount:gate:mcpgate");
        report.Warnings.Should().ContainSingle(w => w.StartsWith("identity unknown to the cluster", StringComparison.Ordinal))
            .Which.Should().Contain("system:serviceaccount:gate:mcpgate").And.NotContain(token);
        report.Errors.Should().BeEmpty();
    }

    [Fact]
    public async Task RunAsync_NoSelfSubjectReviewAndOpaqueToken_SaysTheUserIsUnknown()
    {
        await using var server = new ScriptedHttpServer(ScriptedResponse.Ok(Version), ScriptedResponse.Status(404, "NotFound", "no"), ScriptedResponse.Ok(Allowed));

        var report = await RunAsync(server, ["demo"]);

        report.User.Should().BeNull();
        report.Warnings.Should().Contain(w => w.Contains("name no user", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_AccessReviewHangs_ReportsTimeoutWithoutThrowing()
    {
        await using var server = new ScriptedHttpServer(ScriptedResponse.Ok(Version), ScriptedResponse.Ok(Identity), new ScriptedResponse(200, Hang: true));

        var report = await RunAsync(server, ["demo"]);

        report.Succeeded.Should().BeFalse();
        report.Errors.Should().Contain(e => e.Contains("SelfSubjectAccessReview", StringComparison.Ordinal) && e.Contains("did not complete", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_AccessReviewThrottled_RetriesTheReadOnlyPost()
    {
        var throttled = ScriptedResponse.Status(429, "TooManyRequests", "slow down") with { Headers = new Dictionary<string, string> { ["Retry-After"] = "0" } };
        await using var server = new ScriptedHttpServer(ScriptedResponse.Ok(Version), ScriptedResponse.Ok(Identity), throttled, throttled, ScriptedResponse.Ok(Denied));

        var report = await RunAsync(server, ["demo"]);

        report.Errors.Should().NotContain(e => e.Contains("slow down", StringComparison.Ordinal));
        report.Access.Should().HaveCount(4).And.OnlyContain(a => !a.Allowed);
        server.RequestLines.Count(l => l.Contains("selfsubjectaccessreviews", StringComparison.Ordinal)).Should().Be(2 + 4 + 2);
    }

    [Fact]
    public async Task RunAsync_GlobNamespace_ChecksEachMatchingNamespace()
    {
        const string namespaces = """{"kind":"NamespaceList","metadata":{"resourceVersion":"1"},"items":[{"metadata":{"name":"team-a"}},{"metadata":{"name":"other"}},{"metadata":{"name":"team-b"}}]}""";
        await using var server = new ScriptedHttpServer(ScriptedResponse.Ok(Version), ScriptedResponse.Ok(Identity), ScriptedResponse.Ok(namespaces), ScriptedResponse.Ok(Allowed));

        var report = await RunAsync(server, ["team-*"]);

        report.Warnings.Should().Contain(w => w.StartsWith("cannot check a glob (team-*); listing matching namespaces", StringComparison.Ordinal));
        report.Access.Select(a => a.Namespace).Distinct().Should().Equal("team-a", "team-b");
        report.Errors.Should().BeEmpty();
    }

    private async Task<ClusterCheckReport> RunAsync(ScriptedHttpServer server, IReadOnlyCollection<string> namespaces, string token = "t")
    {
        using var client = new KubeApiClient(new KubeEndpoint { ContextName = "check", Server = server.BaseAddress, Token = token }, s_options);
        return await ClusterCheck.RunAsync(client, namespaces, s_needs, _timeout.Token);
    }
}
