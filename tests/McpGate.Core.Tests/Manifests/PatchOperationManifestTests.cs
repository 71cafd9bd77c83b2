using System.Text.Json;
using System.Text.Json.Nodes;
using McpGate.Core.Cluster;
using McpGate.Core.Manifests;

namespace McpGate.Core.Tests.Manifests;

/// <summary>
/// The <c>patch</c> action's manifest syntax: patch types, field paths that select list elements,
/// quoted keys, placeholder segments, <c>{$now}</c>, and resources templated over enum parameters.
/// </summary>
public sealed class PatchOperationManifestTests
{
    private const string File = "p.yaml";

    private static string Manifest(string operation, string parameters = "") => $$"""
        name: set_image
        title: Set an image
        description: One container's image.
        access: write
        risk: high
        parameters:
          kind: { type: string, required: true, enum: [deployment, statefulset] }
          namespace: { type: string, required: true, pattern: '^[a-z0-9-]+$' }
          name: { type: string, required: true, pattern: '^[a-z0-9-]+$' }
          container: { type: string, required: true, pattern: '^[a-z0-9-]+$' }
          image: { type: string, required: true, pattern: '^[a-z0-9][a-zA-Z0-9._/:@-]*$' }
          free: { type: string, required: true }
          note: { type: string }
          reason: { type: string, required: true }
        {{parameters}}
        operation:
        {{operation}}
        verify:
          expect: rollout_complete
          timeout: 60s
        """;

    private const string SetImage = """
          action: patch
          patch: strategic
          resource: 'apps/v1/{kind}s'
          namespace: '{namespace}'
          name: '{name}'
          fields:
            'spec.template.spec.containers[name={container}].image': '{image}'
        """;

    private static BoundArguments Bind(ToolManifest tool, string json) =>
        ArgumentBinder.Bind(tool, JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json)!);

    [Fact]
    public void Load_SetImage_ParsesTheStrategicPatchAndEveryResourceTheKindAllows()
    {
        var tool = ManifestYaml.Load((File, Manifest(SetImage))).Find("set_image")!;

        tool.Operation.Action.Should().Be(OperationAction.Patch);
        tool.Operation.PatchType.Should().Be(PatchType.StrategicMerge);
        tool.Operation.ResourceTemplate.Should().Be("apps/v1/{kind}s");
        tool.Operation.Resources.Select(r => $"{r.Group}/{r.Version}/{r.Resource}").Should().Equal("apps/v1/deployments", "apps/v1/statefulsets");
        tool.Operation.Fields.Should().ContainSingle().Which.SelectsElement.Should().BeTrue();
    }

    [Fact]
    public void Resolve_SetImage_BuildsTheElementByItsKey_AndTheResourceTheArgumentNames()
    {
        var tool = ManifestYaml.Load((File, Manifest(SetImage))).Find("set_image")!;

        var resolved = OperationResolver.Resolve(tool, Bind(tool, """{"kind":"statefulset","namespace":"prod","name":"cache","container":"redis","image":"redis:7.5","free":"x","reason":"r"}"""));

        resolved.Target.Should().Be(new ResourceRef { Group = "apps", Version = "v1", Resource = "statefulsets", Namespace = "prod", Name = "cache" });
        resolved.Patch.ToJsonString().Should().Be("""{"spec":{"template":{"spec":{"containers":[{"name":"redis","image":"redis:7.5"}]}}}}""");
        resolved.FieldPaths.Should().ContainSingle().Which.Select(s => s.ToString()).Should().Equal("spec", "template", "spec", "containers[name=redis]", "image");
    }

    [Fact]
    public void Resolve_QuotedKeyPlaceholderSegmentAndNow_KeepDotsInOneKey_AndStampTheProposalTime()
    {
        var tool = ManifestYaml.Load((File, Manifest("""
              action: patch
              resource: v1/configmaps
              namespace: '{namespace}'
              name: '{name}'
              fields:
                'metadata.annotations."example.com/changed-at"': '{$now}'
                'data.{free}': '{image}'
            """))).Find("set_image")!;
        var now = new DateTimeOffset(2026, 11, 30, 17, 4, 5, 678, TimeSpan.FromHours(2));

        var resolved = OperationResolver.Resolve(tool, Bind(tool, """{"kind":"deployment","namespace":"demo","name":"cfg","container":"c","image":"v2","free":"app.properties","reason":"r"}"""), now);

        resolved.Patch.ToJsonString().Should().Be("""{"metadata":{"annotations":{"example.com/changed-at":"2026-11-30T15:04:05Z"}},"data":{"app.properties":"v2"}}""");
    }

    public static TheoryData<string, string> BadOperations => new()
    {
        {
            "selector with a merge patch",
            "  action: patch\n  resource: apps/v1/deployments\n  namespace: '{namespace}'\n  name: '{name}'\n  fields:\n    'spec.containers[name={container}].image': '{image}'"
        },
        {
            "path ending in an element",
            "  action: patch\n  patch: strategic\n  resource: apps/v1/deployments\n  namespace: '{namespace}'\n  name: '{name}'\n  fields:\n    'spec.containers[name={container}]': '{image}'"
        },
        {
            "bad selector",
            "  action: patch\n  patch: strategic\n  resource: apps/v1/deployments\n  namespace: '{namespace}'\n  name: '{name}'\n  fields:\n    'spec.containers[name].image': '{image}'"
        },
        {
            "unterminated quote",
            "  action: patch\n  resource: apps/v1/deployments\n  namespace: '{namespace}'\n  name: '{name}'\n  fields:\n    'metadata.annotations.\"a.b': '{image}'"
        },
        {
            "json patch from fields",
            "  action: patch\n  patch: json\n  resource: apps/v1/deployments\n  namespace: '{namespace}'\n  name: '{name}'\n  fields:\n    spec.paused: true"
        },
        {
            "patch type on scale",
            "  action: scale\n  patch: merge\n  resource: apps/v1/deployments\n  namespace: '{namespace}'\n  name: '{name}'\n  fields:\n    spec.replicas: 3"
        },
        {
            "resource over a free-text parameter",
            "  action: patch\n  resource: 'apps/v1/{free}'\n  namespace: '{namespace}'\n  name: '{name}'\n  fields:\n    spec.paused: true"
        },
        {
            "resource over an optional parameter",
            "  action: patch\n  resource: 'apps/v1/{note}'\n  namespace: '{namespace}'\n  name: '{name}'\n  fields:\n    spec.paused: true"
        },
        {
            "placeholder segment naming no parameter",
            "  action: patch\n  resource: v1/configmaps\n  namespace: '{namespace}'\n  name: '{name}'\n  fields:\n    'data.{missing}': '{image}'"
        },
        {
            "placeholder segment of an optional parameter",
            "  action: patch\n  resource: v1/configmaps\n  namespace: '{namespace}'\n  name: '{name}'\n  fields:\n    'data.{note}': '{image}'"
        },
    };

    [Theory]
    [MemberData(nameof(BadOperations))]
    public void Load_BadPatchOperation_IsRefusedNamingTheField(string edit, string operation)
    {
        var errors = ManifestYaml.Errors((File, Manifest(operation)));

        errors.Should().ContainSingle(edit).Which.Should().StartWith(File + ":").And.Contain("operation.", because: edit);
    }

    [Theory]
    [InlineData("[deployments, secrets]", "v1/{kind}")]
    [InlineData("[secrets]", "v1/{kind}")]
    [InlineData("[deployment, 'sec rets']", "apps/v1/{kind}s")]
    public void Load_ResourceTemplate_EveryCombinationIsChecked_SecretsRefused(string values, string resource)
    {
        var yaml = Manifest($"  action: patch\n  resource: '{resource}'\n  namespace: '{{namespace}}'\n  name: '{{name}}'\n  fields:\n    spec.paused: true")
            .Replace("enum: [deployment, statefulset]", $"enum: {values}", StringComparison.Ordinal);

        var errors = ManifestYaml.Errors((File, yaml));

        errors.Should().ContainSingle().Which.Should().Contain("operation.resource");
    }

    [Fact]
    public void Shipped_PatchTools_LoadWithTheirStrategies()
    {
        var set = ManifestLoader.LoadDirectory(Testing.Files.RepoPaths.Manifests);

        set.Find("set_image")!.Operation.PatchType.Should().Be(PatchType.StrategicMerge);
        set.Find("restart_rollout")!.Operation.Fields.Should().ContainSingle().Which.Template.Should().Be("{$now}");
        set.Find("cordon_node")!.Operation.Namespace.Should().BeNull("nodes are cluster-scoped");
        set.Find("scale_workload")!.Operation.Resources.Select(r => r.Resource).Should().Equal("deployments", "statefulsets");
        set.Tools.Where(t => t.Access == ToolAccess.Write).Should().OnlyContain(t => t.Operation.Writes && t.Verify != null);
    }
}
