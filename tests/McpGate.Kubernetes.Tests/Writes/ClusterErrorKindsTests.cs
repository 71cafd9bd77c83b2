using System.Net;
using McpGate.Core.Cluster;
using McpGate.Kubernetes.Api;
using McpGate.Kubernetes.KubeConfig;
using McpGate.Kubernetes.Tests.Support;

namespace McpGate.Kubernetes.Tests.Writes;

/// <summary>The error kinds the write verbs add: AlreadyExists apart from Conflict, a disruption budget apart from throttling.</summary>
public sealed class ClusterErrorKindsTests
{
    private const string BudgetRefusal =
        """{"kind":"Status","apiVersion":"v1","status":"Failure","message":"Cannot evict pod as it would violate the pod's disruption budget.","reason":"TooManyRequests","details":{"causes":[{"reason":"DisruptionBudget","message":"The disruption budget web needs 3 healthy pods and has 3 currently"}]},"code":429}""";

    private static readonly ResourceRef s_pod = new() { Group = string.Empty, Version = "v1", Resource = "pods", Namespace = "demo", Name = "web-1" };

    public static TheoryData<string?, ClusterErrorKind> TooManyRequestsCauses => new()
    {
        { "DisruptionBudget", ClusterErrorKind.DisruptionBudget },
        { null, ClusterErrorKind.TooManyRequests },
        { "disruptionbudget", ClusterErrorKind.TooManyRequests },
        { "FieldValueInvalid", ClusterErrorKind.TooManyRequests },
    };

    [Theory]
    [MemberData(nameof(TooManyRequestsCauses))]
    public void Translate_TooManyRequests_IsDisruptionBudgetOnlyWithThatCause(string? cause, ClusterErrorKind expected)
    {
        var causes = cause is null ? null : new[] { new KubeStatusCause { Reason = cause, Message = "m" } };
        var error = new KubeApiException(HttpStatusCode.TooManyRequests, KubeApiReason.TooManyRequests, "429", "refused", causes: causes);

        ClusterErrorTranslator.Translate(error, "evict", s_pod, "prod").Kind.Should().Be(expected);
    }

    [Fact]
    public void Translate_ConflictAndAlreadyExists_AreDistinctKindsWithTheirOwnAdvice()
    {
        var conflict = ClusterErrorTranslator.Translate(new KubeApiException(HttpStatusCode.Conflict, KubeApiReason.Conflict, "409", "modified"), "patch", s_pod, "prod");
        var exists = ClusterErrorTranslator.Translate(new KubeApiException(HttpStatusCode.Conflict, KubeApiReason.AlreadyExists, "409", "exists"), "create", s_pod, "prod");

        conflict.Kind.Should().Be(ClusterErrorKind.Conflict);
        conflict.Message.Should().Contain("changed since it was read");
        exists.Kind.Should().Be(ClusterErrorKind.AlreadyExists);
        exists.Message.Should().Contain("demo/web-1 already exists and was left unchanged");
    }

    [Fact]
    public async Task EvictAsync_BudgetRefusalWithRetryAfter_IsSentOnceNotRetriedAsThrottling()
    {
        var headers = new Dictionary<string, string> { ["Retry-After"] = "0" };
        await using var server = new ScriptedHttpServer(new ScriptedResponse(429, BudgetRefusal, headers), new ScriptedResponse(429, BudgetRefusal, headers), ScriptedResponse.Ok());
        using var port = KubernetesClusterPort.FromEndpoint(
            new KubeEndpoint { ContextName = "c", Server = server.BaseAddress, Token = "t" },
            new KubeApiClientOptions { MaxReadAttempts = 3, RetryBaseDelay = TimeSpan.FromMilliseconds(1) });

        var act = () => port.EvictAsync(s_pod, null, dryRun: false);

        var error = (await act.Should().ThrowAsync<ClusterException>()).Which;
        error.Kind.Should().Be(ClusterErrorKind.DisruptionBudget);
        error.Message.Should().Contain("The disruption budget web needs 3 healthy pods");
        server.RequestLines.Should().ContainSingle().Which.Should().StartWith("POST /api/v1/namespaces/demo/pods/web-1/eviction");
    }

    [Fact]
    public async Task EvictAsync_SendsAPolicyV1EvictionWithPreconditionsAndDryRun()
    {
        await using var server = new ScriptedHttpServer(new ScriptedResponse(201, """{"kind":"Status","apiVersion":"v1","status":"Success","code":201}"""));
        using var port = KubernetesClusterPort.FromEndpoint(new KubeEndpoint { ContextName = "c", Server = server.BaseAddress, Token = "t" });

        await port.EvictAsync(s_pod, new DeletePreconditions { Uid = "u-1" }, dryRun: true);

        server.RequestLines.Should().ContainSingle().Which.Should().StartWith("POST /api/v1/namespaces/demo/pods/web-1/eviction?dryRun=All ");
        server.RequestBodies.Should().ContainSingle().Which.Should().Be(
            """{"apiVersion":"policy/v1","kind":"Eviction","metadata":{"name":"web-1","namespace":"demo"},"deleteOptions":{"kind":"DeleteOptions","apiVersion":"v1","preconditions":{"uid":"u-1"}}}""");
    }
}
