using System.Text.Json;
using McpGate.Core.Cluster;
using McpGate.Core.Manifests;

namespace McpGate.Core.Tests.Manifests;

/// <summary>top takes its name optionally (absent: every node or pod); every other read that names an object needs it.</summary>
public sealed class TopManifestTests
{
    private const string Read = """
        name: t
        title: T
        description: T.
        access: read
        risk: low
        parameters:
          namespace: { type: string, description: ns }
          name: { type: string, description: one object }
        operation:
          action: ACTION
          resource: v1/pods
          namespace: '{namespace}'
          name: '{name}'
        """;

    private static BoundArguments Bind(ToolManifest tool, string json) =>
        ArgumentBinder.Bind(tool, JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json));

    [Fact]
    public void Resolve_TopWithoutTheOptionalName_TargetsTheCollection()
    {
        var tool = ManifestYaml.Load(("t.yaml", Read.Replace("ACTION", "top", StringComparison.Ordinal))).Tools.Single();

        var every = OperationResolver.Resolve(tool, Bind(tool, "{}"));
        var one = OperationResolver.Resolve(tool, Bind(tool, """{"namespace":"demo","name":"web-1"}"""));

        every.Target.Should().Be(new ResourceRef { Group = string.Empty, Version = "v1", Resource = "pods" });
        one.Target.Should().Be(new ResourceRef { Group = string.Empty, Version = "v1", Resource = "pods", Namespace = "demo", Name = "web-1" });
    }

    [Theory]
    [InlineData("get")]
    [InlineData("logs")]
    [InlineData("describe")]
    public void Load_OtherNamedReadWithAnOptionalName_IsRefused(string action)
    {
        var errors = ManifestYaml.Errors(("t.yaml", Read.Replace("ACTION", action, StringComparison.Ordinal)));

        errors.Should().ContainSingle(e => e.Contains("operation.name", StringComparison.Ordinal) && e.Contains("parameter name is optional with no default", StringComparison.Ordinal));
    }

    [Fact]
    public void Shipped_TopTools_TakeAnOptionalNameAndLabelSelector()
    {
        foreach (var name in new[] { "nodes_top", "pods_top" })
        {
            var tool = ManifestYaml.Shipped(name);
            tool.Operation.Action.Should().Be(OperationAction.Top);
            tool.Parameters.Should().Contain(p => p.Name == "name" && !p.Required);
            tool.Operation.Query.Should().ContainKey(ReadOption.LabelSelector);
        }
    }
}
