using System.Net;
using System.Text.Json.Nodes;
using McpGate.Core.Cluster;
using McpGate.Kubernetes.Api;
using McpGate.Kubernetes.Tests.Support;

namespace McpGate.Kubernetes.Tests;

public sealed class KubernetesClusterPortTests
{
    private static readonly ResourceRef s_web = new() { Group = "apps", Version = "v1", Resource = "deployments", Namespace = "demo", Name = "web" };

    [Fact]
    public void WithResourceVersion_AddsPreconditionWithoutTouchingCallerPatch()
    {
        var patch = new JsonObject { ["spec"] = new JsonObject { ["replicas"] = 3 }, ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["a"] = "b" } } };

        var sent = KubernetesClusterPort.WithResourceVersion(patch, "42");

        sent["metadata"]!["resourceVersion"]!.GetValue<string>().Should().Be("42");
        sent["metadata"]!["labels"]!["a"]!.GetValue<string>().Should().Be("b");
        patch["metadata"]!["resourceVersion"].Should().BeNull();
    }

    [Fact]
    public void WithResourceVersion_NoMetadata_CreatesIt() =>
        KubernetesClusterPort.WithResourceVersion(new JsonObject { ["spec"] = new JsonObject() }, "7")
            .ToJsonString().Should().Be("""{"spec":{},"metadata":{"resourceVersion":"7"}}""");

    [Fact]
    public void WithResourceVersion_Null_SendsPatchAsIs() =>
        KubernetesClusterPort.WithResourceVersion(new JsonObject { ["spec"] = new JsonObject() }, null)
            .ToJsonString().Should().Be("""{"spec":{}}""");

    [Theory]
    [InlineData(KubeApiReason.NotFound, 404, ClusterErrorKind.NotFound)]
    [InlineData(KubeApiReason.Conflict, 409, ClusterErrorKind.Conflict)]
    [InlineData(KubeApiReason.AlreadyExists, 409, ClusterErrorKind.AlreadyExists)]
    [InlineData(KubeApiReason.Invalid, 422, ClusterErrorKind.Invalid)]
    [InlineData(KubeApiReason.Forbidden, 403, ClusterErrorKind.Forbidden)]
    [InlineData(KubeApiReason.Unauthorized, 401, ClusterErrorKind.Unauthorized)]
    [InlineData(KubeApiReason.TooManyRequests, 429, ClusterErrorKind.TooManyRequests)]
    [InlineData(KubeApiReason.ServiceUnavailable, 503, ClusterErrorKind.Unavailable)]
    [InlineData(KubeApiReason.Unknown, 418, ClusterErrorKind.Other)]
    public void Translate_KubeApiException_MapsKind(KubeApiReason reason, int code, ClusterErrorKind expected)
    {
        var error = new KubeApiException((HttpStatusCode)code, reason, "boom", "server says no");

        var translated = ClusterErrorTranslator.Translate(error, "patch", s_web, "prod");

        translated.Kind.Should().Be(expected);
        translated.StatusCode.Should().Be(code);
        translated.Message.Should().StartWith("patch deployments demo/web on cluster 'prod' failed").And.Contain("server says no");
        translated.InnerException.Should().BeSameAs(error);
    }

    [Fact]
    public void Translate_Timeout_IsTimeoutKind() =>
        ClusterErrorTranslator.Translate(new TimeoutException("slow"), "get", s_web, "prod").Kind.Should().Be(ClusterErrorKind.Timeout);

    [Fact]
    public void Translate_HttpRequestException_IsUnavailable() =>
        ClusterErrorTranslator.Translate(new HttpRequestException("refused"), "get", s_web, "prod").Kind.Should().Be(ClusterErrorKind.Unavailable);

    [Fact]
    public async Task GetAsync_NotFoundStatus_ReturnsNull()
    {
        await using var server = new ScriptedHttpServer(ScriptedResponse.Status(404, "NotFound", "web not found"));
        using var port = Port(server);

        (await port.GetAsync(s_web)).Should().BeNull();
    }

    [Theory]
    [InlineData("404 page not found")]
    [InlineData("")]
    [InlineData("""{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"Gone","code":404}""")]
    public async Task GetAsync_NotFoundWithoutNotFoundStatus_Throws(string body)
    {
        await using var server = new ScriptedHttpServer(new ScriptedResponse(404, body));
        using var port = Port(server);

        var act = () => port.GetAsync(s_web);

        (await act.Should().ThrowAsync<ClusterException>()).Which.StatusCode.Should().Be(404);
    }

    [Fact]
    public async Task GetAsync_NotFoundWithoutStatus_SaysThePathIsNotServed()
    {
        await using var server = new ScriptedHttpServer(new ScriptedResponse(404, "404 page not found"));
        using var port = Port(server);

        var act = () => port.GetAsync(s_web);

        (await act.Should().ThrowAsync<ClusterException>()).Which.Message.Should().Contain("API group").And.Contain("path prefix");
    }

    private static KubernetesClusterPort Port(ScriptedHttpServer server) =>
        KubernetesClusterPort.FromEndpoint(
            new McpGate.Kubernetes.KubeConfig.KubeEndpoint { ContextName = "c", Server = server.BaseAddress, Token = "t" },
            new KubeApiClientOptions { MaxReadAttempts = 1 });
}
