using System.Text.Json;
using FluentAssertions;
using McpGate.Core.Cluster;
using McpGate.Core.Manifests;
using McpGate.Core.Operations;
using Xunit;

namespace McpGate.Core.Tests.Manifests;

/// <summary>Manifests of the <c>delete</c> and <c>drain</c> actions: what they take and what they refuse.</summary>
public sealed class RemovalManifestTests
{
    private const string File = "remove.yaml";

    private const string Delete = """
        name: delete_thing
        title: Delete a thing
        description: Delete one object.
        access: write
        risk: high
        parameters:
          kind: { type: string, required: true, enum: [v1/configmaps, apps/v1/deployments], description: Kind }
          namespace: { type: string, required: true, pattern: '^[a-z0-9-]+$', description: Namespace }
          name: { type: string, required: true, pattern: '^[a-z0-9-]+$', description: Name }
          propagation: { type: string, enum: [background, foreground, orphan], default: background, description: Propagation }
          reason: { type: string, required: true, description: Why }
        operation:
          action: delete
          resource: '{kind}'
          namespace: '{namespace}'
          name: '{name}'
          propagation: '{propagation}'
        verify:
          expect: object_gone
          timeout: 60s
        """;

    private const string Drain = """
        name: drain_thing
        title: Drain a node
        description: Drain.
        access: write
        risk: high
        parameters:
          node: { type: string, required: true, pattern: '^[a-z0-9-]+$', description: Node }
          reason: { type: string, required: true, description: Why }
        operation:
          action: drain
          resource: v1/nodes
          name: '{node}'
        verify:
          expect: node_drained
          timeout: 60s
        """;

    [Fact]
    public void Load_ShippedDeleteResource_MapsEveryKindToItsResourceAndNeverSecrets()
    {
        var tool = ManifestYaml.Shipped("delete_resource");

        tool.Operation.Action.Should().Be(OperationAction.Delete);
        tool.Risk.Should().Be(ToolRisk.High);
        tool.Operation.Propagation.Should().Be("{propagation}");
        tool.Operation.Resources.Select(r => $"{r.ApiVersion}/{r.Resource}").Should().Equal(
            "v1/pods", "v1/services", "v1/configmaps", "apps/v1/deployments", "apps/v1/statefulsets", "apps/v1/daemonsets",
            "batch/v1/jobs", "batch/v1/cronjobs", "networking.k8s.io/v1/ingresses");
        tool.Operation.Resources.Should().NotContain(r => r.Resource == "secrets");
        tool.Verify!.Expect.Should().Be("object_gone");
    }

    [Fact]
    public void Load_ShippedDrainNode_DrainsNodesAndVerifiesDrained()
    {
        var tool = ManifestYaml.Shipped("drain_node");

        tool.Operation.Should().BeEquivalentTo(new { Action = OperationAction.Drain, Group = string.Empty, Version = "v1", Resource = "nodes", Namespace = (string?)null, Name = "{node}" });
        tool.Operation.Fields.Should().BeEmpty();
        tool.Verify!.Expect.Should().Be("node_drained");
    }

    [Theory]
    [InlineData("background", DeletePropagation.Background)]
    [InlineData("foreground", DeletePropagation.Foreground)]
    [InlineData("orphan", DeletePropagation.Orphan)]
    public void Propagation_ParameterValue_IsTheDeletePropagation(string value, DeletePropagation expected)
    {
        var tool = ManifestYaml.Load((File, Delete)).Find("delete_thing")!;
        var arguments = ArgumentBinder.Bind(tool, Arguments(("kind", "v1/configmaps"), ("namespace", "staging"), ("name", "x"), ("propagation", value), ("reason", "r")));

        DeleteStrategy.Propagation(tool, arguments).Should().Be(expected);
    }

    [Fact]
    public void Propagation_ParameterAbsent_IsItsDefault()
    {
        var tool = ManifestYaml.Load((File, Delete.Replace("default: background", "default: orphan", StringComparison.Ordinal))).Find("delete_thing")!;
        var arguments = ArgumentBinder.Bind(tool, Arguments(("kind", "v1/configmaps"), ("namespace", "staging"), ("name", "x"), ("reason", "r")));

        DeleteStrategy.Propagation(tool, arguments).Should().Be(DeletePropagation.Orphan);
    }

    [Fact]
    public void Propagation_NotInTheManifest_IsBackground()
    {
        var tool = ManifestYaml.Load((File, Delete.Replace("  propagation: '{propagation}'\n", string.Empty, StringComparison.Ordinal))).Find("delete_thing")!;
        var arguments = ArgumentBinder.Bind(tool, Arguments(("kind", "v1/configmaps"), ("namespace", "staging"), ("name", "x"), ("reason", "r")));

        tool.Operation.Propagation.Should().BeNull();
        DeleteStrategy.Propagation(tool, arguments).Should().Be(DeletePropagation.Background);
    }

    public static TheoryData<string, string, string, string> BadManifests => new()
    {
        { "a literal propagation not known", Delete, "  propagation: '{propagation}'", "  propagation: cascade" },
        { "a propagation parameter with other values", Delete, "enum: [background, foreground, orphan]", "enum: [background, all]" },
        { "a propagation placeholder naming no parameter", Delete, "  propagation: '{propagation}'", "  propagation: '{how}'" },
        { "a propagation on a drain", Drain, "  name: '{node}'", "  name: '{node}'\n  propagation: orphan" },
        { "fields on a delete", Delete, "  propagation: '{propagation}'", "  propagation: '{propagation}'\n  fields:\n    spec.replicas: 1" },
        { "fields on a drain", Drain, "  name: '{node}'", "  name: '{node}'\n  fields:\n    spec.unschedulable: true" },
        { "a drain of something else", Drain, "resource: v1/nodes", "resource: v1/pods" },
        { "a drain with a namespace", Drain, "  name: '{node}'", "  name: '{node}'\n  namespace: default" },
        { "a delete of secrets", Delete, "enum: [v1/configmaps, apps/v1/deployments]", "enum: [v1/configmaps, v1/secrets]" },
        { "a delete without a name", Delete, "  name: '{name}'\n  propagation", "  propagation" },
    };

    [Theory]
    [MemberData(nameof(BadManifests))]
    public void Load_BadRemovalManifest_RefusesNamingTheField(string because, string yaml, string from, string to)
    {
        yaml.Should().Contain(from);
        var errors = ManifestYaml.Errors((File, yaml.Replace(from, to, StringComparison.Ordinal)));

        errors.Should().NotBeEmpty(because);
        errors.Should().OnlyContain(e => e.StartsWith(File + ":", StringComparison.Ordinal) && e.Contains("operation.", StringComparison.Ordinal), because);
    }

    [Theory]
    [InlineData("  propagation: cascade", "operation.propagation: must be one of background, foreground, orphan")]
    [InlineData("  propagation: '{how}'", "operation.propagation: placeholder {how} must name a required parameter")]
    public void Load_BadPropagation_SaysWhatIsAllowed(string line, string expected)
    {
        var errors = ManifestYaml.Errors((File, Delete.Replace("  propagation: '{propagation}'", line, StringComparison.Ordinal)));

        errors.Should().ContainSingle().Which.Should().Contain(expected);
    }

    private static Dictionary<string, JsonElement> Arguments(params (string Name, string Value)[] values) =>
        values.ToDictionary(v => v.Name, v => JsonSerializer.SerializeToElement(v.Value));
}
