using System.Net;
using McpGate.Kubernetes.Api;

namespace McpGate.Kubernetes.Tests.Api;

public sealed class KubeStatusParserTests
{
    [Fact]
    public void ToException_InvalidStatus_CarriesCauses()
    {
        const string body = """
            {"kind":"Status","apiVersion":"v1","status":"Failure","reason":"Invalid","code":422,
             "message":"Deployment.apps \"web\" is invalid",
             "details":{"name":"web","group":"apps","kind":"deployments",
               "causes":[{"reason":"FieldValueInvalid","message":"must be greater than or equal to 0","field":"spec.replicas"}]}}
            """;

        var error = KubeStatusParser.ToException(HttpMethod.Patch, "/apis/apps/v1/namespaces/demo/deployments/web", (HttpStatusCode)422, body);

        error.Reason.Should().Be(KubeApiReason.Invalid);
        error.StatusCode.Should().Be((HttpStatusCode)422);
        error.Details!.Name.Should().Be("web");
        error.Causes.Should().ContainSingle().Which.Field.Should().Be("spec.replicas");
        error.Message.Should().Be("PATCH /apis/apps/v1/namespaces/demo/deployments/web failed with HTTP 422 Invalid: Deployment.apps \"web\" is invalid (spec.replicas: must be greater than or equal to 0)");
    }

    [Theory]
    [InlineData(404, "NotFound", KubeApiReason.NotFound)]
    [InlineData(409, "Conflict", KubeApiReason.Conflict)]
    [InlineData(409, "AlreadyExists", KubeApiReason.AlreadyExists)]
    [InlineData(403, "Forbidden", KubeApiReason.Forbidden)]
    [InlineData(401, "Unauthorized", KubeApiReason.Unauthorized)]
    [InlineData(429, "TooManyRequests", KubeApiReason.TooManyRequests)]
    [InlineData(500, "", KubeApiReason.InternalError)]
    [InlineData(418, "Teapot", KubeApiReason.Unknown)]
    public void ToException_Status_MapsReason(int code, string reason, KubeApiReason expected)
    {
        var body = $$"""{"kind":"Status","status":"Failure","reason":"{{reason}}","message":"m","code":{{code}}}""";

        KubeStatusParser.ToException(HttpMethod.Get, "/x", (HttpStatusCode)code, body).Reason.Should().Be(expected);
    }

    [Theory]
    [InlineData("<html>bad gateway</html>", "GET /x failed with HTTP 502 Unknown; the body is not a Kubernetes Status: <html>bad gateway</html>")]
    [InlineData("", "GET /x failed with HTTP 502 Unknown (empty body)")]
    [InlineData("{\"kind\":\"Pod\"}", "GET /x failed with HTTP 502 Unknown; the body is not a Kubernetes Status: {\"kind\":\"Pod\"}")]
    public void ToException_NonStatusBody_StillNamesStatusCode(string body, string expected) =>
        KubeStatusParser.ToException(HttpMethod.Get, "/x", HttpStatusCode.BadGateway, body).Message.Should().Be(expected);
}
