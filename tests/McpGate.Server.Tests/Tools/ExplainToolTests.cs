using McpGate.Sandbox.Faults;

namespace McpGate.Server.Tests.Tools;

/// <summary>explain_resource through MCP on the sandbox's OpenAPI v3 documents.</summary>
public sealed class ExplainToolTests(ReadGateFixture fixture) : IClassFixture<ReadGateFixture>
{
    [Theory]
    [InlineData("deploy", "spec.template.spec.containers")]
    [InlineData("Deployment", "spec.template.spec.containers")]
    [InlineData("deployments.apps", "deployment.spec.template.spec.containers")]
    public async Task Explain_ListField_GivesItsItemTypeAndSubFields(string kind, string field)
    {
        var (text, data) = await fixture.ReadAsync("explain_resource", new() { ["kind"] = kind, ["field"] = field });

        data.GetProperty("type").GetString().Should().Be("[]Container");
        data.GetProperty("apiVersion").GetString().Should().Be("apps/v1");
        var fields = data.GetProperty("fields").EnumerateArray().ToDictionary(f => f.GetProperty("name").GetString()!, f => f);
        fields["name"].GetProperty("type").GetString().Should().Be("string");
        fields["name"].GetProperty("required").GetBoolean().Should().BeTrue();
        fields["env"].GetProperty("type").GetString().Should().Be("[]EnvVar");
        fields["resources"].GetProperty("type").GetString().Should().Be("ResourceRequirements");
        text.Should().Contain("KIND:     Deployment").And.Contain("FIELD:    spec.template.spec.containers <[]Container>")
            .And.Contain("  name <string> -required-").And.Contain("DESCRIPTION:");
    }

    [Fact]
    public async Task Explain_Kind_ListsItsTopLevelFields()
    {
        var (text, data) = await fixture.ReadAsync("explain_resource", new() { ["kind"] = "po" });

        data.GetProperty("kind").GetString().Should().Be("Pod");
        data.GetProperty("fields").EnumerateArray().Select(f => f.GetProperty("name").GetString())
            .Should().Contain(["apiVersion", "kind", "metadata", "spec", "status"]);
        text.Should().Contain("KIND:     Pod").And.Contain("VERSION:  v1").And.Contain("metadata <ObjectMeta>");
    }

    [Theory]
    [InlineData("spec.replicas", "integer")]
    [InlineData("metadata.labels", "map[string]string")]
    [InlineData("metadata.creationTimestamp", "string")]
    [InlineData("spec.strategy", "DeploymentStrategy")]
    public async Task Explain_Field_GivesItsType(string field, string type)
    {
        var (text, data) = await fixture.ReadAsync("explain_resource", new() { ["kind"] = "deploy", ["field"] = field });

        data.GetProperty("type").GetString().Should().Be(type);
        data.GetProperty("description").GetString().Should().NotBeNullOrWhiteSpace();
        text.Should().Contain($"FIELD:    {field} <{type}>");
    }

    [Theory]
    [InlineData("spec.replicaz", "field \"replicaz\" does not exist in Deployment.spec. Nearest: replicas")]
    [InlineData("spec.template.spec.containerz", "Nearest: containers")]
    [InlineData("spec.replicas.foo", "Deployment.spec.replicas is a integer and has no fields")]
    [InlineData("sepc", "does not exist in Deployment. Nearest: spec")]
    public async Task Explain_FieldThatDoesNotExist_NamesTheNearestFields(string field, string expected)
    {
        var text = await fixture.FailAsync("explain_resource", new() { ["kind"] = "deploy", ["field"] = field });

        text.Should().Contain(expected);
    }

    [Fact]
    public async Task Explain_UnknownKind_NamesTheNearest()
    {
        var text = await fixture.FailAsync("explain_resource", new() { ["kind"] = "deploymnts" });

        text.Should().Contain("serves no kind \"deploymnts\"").And.Contain("Nearest:");
    }

    [Fact]
    public async Task Explain_ClusterWithoutOpenApi_SaysSoAndPointsToAnObject()
    {
        // A cluster that does not publish OpenAPI v3 answers 404 on /openapi/v3.
        fixture.Gate.Harness.Sandbox.Faults.Add(new SandboxFault { Kind = SandboxFaultKind.ServerError, StatusCode = 404, Method = "GET", PathPrefix = "/openapi/v3", Count = 1 });

        var text = await fixture.FailAsync("explain_resource", new() { ["kind"] = "cm", ["field"] = "data" });

        text.Should().Contain("cluster sandbox publishes no OpenAPI schema for ConfigMap (v1)").And.Contain("resources_get");
        fixture.Gate.Harness.Sandbox.Faults.Pending.Should().Be(0, "the read reached the cluster");
    }

    [Theory]
    [InlineData("PodMetrics", "metrics.k8s.io/v1beta1")]
    [InlineData("nodes.metrics.k8s.io", "metrics.k8s.io/v1beta1")]
    public async Task Explain_GroupWithoutAnOpenApiDocument_SaysSo(string kind, string apiVersion)
    {
        var text = await fixture.FailAsync("explain_resource", new() { ["kind"] = kind });

        text.Should().Contain($"publishes no OpenAPI schema for").And.Contain($"({apiVersion}) (no OpenAPI v3 document for this group version)");
    }
}
