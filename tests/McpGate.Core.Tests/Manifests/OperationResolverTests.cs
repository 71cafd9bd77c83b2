using System.Text.Json;
using McpGate.Core.Cluster;
using McpGate.Core.Manifests;

namespace McpGate.Core.Tests.Manifests;

public sealed class OperationResolverTests
{
    private static BoundArguments Bind(ToolManifest tool, string json) =>
        ArgumentBinder.Bind(tool, JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json));

    [Fact]
    public void Resolve_ScaleDeployment_TargetsTheDeploymentWithATypedPatch()
    {
        var tool = ManifestYaml.Shipped("scale_deployment");

        var resolved = OperationResolver.Resolve(tool, Bind(tool, """{"namespace":"demo","name":"web","replicas":5,"reason":"load"}"""));

        resolved.Action.Should().Be(OperationAction.Scale);
        resolved.Target.Should().Be(new ResourceRef { Group = "apps", Version = "v1", Resource = "deployments", Namespace = "demo", Name = "web" });
        resolved.Patch.ToJsonString().Should().Be("""{"spec":{"replicas":5}}""");
    }

    [Fact]
    public void Resolve_ListDeployments_TargetsTheCollection()
    {
        var tool = ManifestYaml.Shipped("list_deployments");

        var resolved = OperationResolver.Resolve(tool, Bind(tool, """{"namespace":"demo"}"""));

        resolved.Target.Should().Be(new ResourceRef { Group = "apps", Version = "v1", Resource = "deployments", Namespace = "demo" });
        resolved.Patch.Should().BeEmpty();
    }

    [Fact]
    public void Resolve_MixedTemplatesAndLiterals_InterpolatesStringsAndKeepsLiteralTypes()
    {
        var yaml = ManifestYaml.Scale.Replace(
            "spec.replicas: '{replicas}'",
            "spec.replicas: '{replicas}'\n    metadata.annotations.note: 'scaled to {replicas} in {namespace}'\n    spec.paused: false\n    spec.minReadySeconds: 10",
            StringComparison.Ordinal);
        var tool = ManifestYaml.Load(("s.yaml", yaml)).Tools.Single();

        var resolved = OperationResolver.Resolve(tool, Bind(tool, """{"namespace":"demo","name":"web","replicas":3,"reason":"r"}"""));

        resolved.Patch.ToJsonString().Should().Be(
            """{"spec":{"replicas":3,"paused":false,"minReadySeconds":10},"metadata":{"annotations":{"note":"scaled to 3 in demo"}}}""");
    }
}
