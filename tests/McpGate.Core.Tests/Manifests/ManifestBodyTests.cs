using McpGate.Core.Cluster;
using McpGate.Core.Manifests;

namespace McpGate.Core.Tests.Manifests;

/// <summary><c>operation.body</c> (content from the agent) and a patch type chosen by a parameter: what the loader accepts and refuses.</summary>
public sealed class ManifestBodyTests
{
    private const string File = "tool.yaml";

    // Line numbers matter: tests point at them.
    private const string Apply = """
        name: apply_things
        title: Apply
        description: Apply objects.
        access: write
        risk: high
        parameters:
          namespace: { type: string, required: true, pattern: '^[a-z0-9-]+$', description: Namespace }
          manifest: { type: string, required: true, description: Objects }
          reason: { type: string, required: true, description: Why }
        operation:
          action: apply
          namespace: '{namespace}'
          body: '{manifest}'
        verify:
          expect: object_matches
          timeout: 60s
        """;

    private const string Patch = """
        name: patch_things
        title: Patch
        description: Patch an object.
        access: write
        risk: high
        parameters:
          namespace: { type: string, required: true, pattern: '^[a-z0-9-]+$', description: Namespace }
          name: { type: string, required: true, description: Name }
          patch_type: { type: string, required: true, enum: [merge, strategic, json], description: Type }
          patch: { type: string, required: true, description: Patch }
          reason: { type: string, required: true, description: Why }
        operation:
          action: patch
          patch: '{patch_type}'
          resource: apps/v1/deployments
          namespace: '{namespace}'
          name: '{name}'
          body: '{patch}'
        verify:
          expect: object_matches
          timeout: 60s
        """;

    [Fact]
    public void Load_ApplyWithBody_ParsesWithoutResource()
    {
        var tool = ManifestYaml.Load((File, Apply)).Tools.Single();

        tool.Operation.Should().BeEquivalentTo(new { Action = OperationAction.Apply, Body = "manifest", Namespace = "{namespace}", Resource = string.Empty, Name = (string?)null });
        tool.Operation.Resources.Should().BeEmpty();
    }

    [Fact]
    public void Load_PatchWithBodyAndPatchTypeParameter_ResolvesTheAgentsChoice()
    {
        var tool = ManifestYaml.Load((File, Patch)).Tools.Single();
        var arguments = ArgumentBinder.Bind(tool, new Dictionary<string, System.Text.Json.JsonElement>
        {
            ["namespace"] = System.Text.Json.JsonSerializer.SerializeToElement("demo"),
            ["name"] = System.Text.Json.JsonSerializer.SerializeToElement("web"),
            ["patch_type"] = System.Text.Json.JsonSerializer.SerializeToElement("json"),
            ["patch"] = System.Text.Json.JsonSerializer.SerializeToElement("[]"),
            ["reason"] = System.Text.Json.JsonSerializer.SerializeToElement("r"),
        });

        var resolved = OperationResolver.Resolve(tool, arguments);

        tool.Operation.PatchTypeParameter.Should().Be("patch_type");
        tool.Operation.Body.Should().Be("patch");
        resolved.PatchType.Should().Be(PatchType.Json);
        resolved.Body.Should().Be("[]");
        resolved.Patch.Should().BeEmpty();
    }

    public static TheoryData<string, string, string, string> BadManifests => new()
    {
        // which manifest, replaced text -> replacement, expected error
        { "apply", "  body: '{manifest}'\n", "", $"{File}:11:3: operation.body: is required for apply" },
        { "apply", "body: '{manifest}'", "body: '{manifest}'\n  fields: { data.a: b }", $"{File}:14:11: operation.fields: apply does not set fields" },
        { "apply", "action: apply", "action: apply\n  resource: v1/configmaps", $"{File}:12:13: operation.resource: apply takes each object's kind from the body" },
        { "apply", "action: apply", "action: apply\n  name: x", $"{File}:12:9: operation.name: apply takes each object's name from the body" },
        { "apply", "  namespace: '{namespace}'\n", "", $"{File}:11:3: operation.namespace: is required for apply" },
        { "apply", "body: '{manifest}'", "body: 'x{manifest}'", $"{File}:13:9: operation.body: must be one '{{parameter}}' placeholder" },
        { "apply", "body: '{manifest}'", "body: '{manifesto}'", "operation.body: placeholder {manifesto} names no parameter (known: namespace, manifest, reason)" },
        { "apply", "manifest: { type: string, required: true,", "manifest: { type: string, required: false,", "operation.body: placeholder {manifest} must name a required string parameter" },
        { "apply", "manifest: { type: string,", "manifest: { type: integer,", "operation.body: placeholder {manifest} must name a required string parameter" },
        { "apply", "access: write", "access: read", "operation.action: apply changes the cluster, but access is read" },
        { "patch", "  body: '{patch}'\n", "  fields: { spec.replicas: '3' }\n  body: '{patch}'\n", "operation.body: a patch takes either fields or a body, not both" },
        { "patch", "  body: '{patch}'\n", "", "operation.fields: is required for patch (or operation.body" },
        { "patch", "enum: [merge, strategic, json]", "enum: [merge, replace]", $"{File}:14:10: operation.patch: must be merge, strategic or json, or one '{{parameter}}' placeholder" },
        { "patch", "patch: '{patch_type}'", "patch: '{name}'", "operation.patch: must be merge, strategic or json, or one '{parameter}' placeholder" },
        { "patch", "patch: '{patch_type}'", "patch: 'json-{patch_type}'", "operation.patch: must be merge, strategic or json, or one '{parameter}' placeholder" },
        { "patch", "  body: '{patch}'\n", "  fields: { spec.replicas: '3' }\n", "operation.patch: a '{parameter}' patch type is only for a patch taken from a body" },
    };

    [Theory]
    [MemberData(nameof(BadManifests))]
    public void Load_InvalidBodyOperation_ReportsFileLineFieldAndRule(string manifest, string find, string replace, string expected)
    {
        var yaml = manifest == "apply" ? Apply : Patch;
        yaml.Should().Contain(find);
        yaml = yaml.Replace(find, replace, StringComparison.Ordinal);

        var errors = ManifestYaml.Errors((File, yaml));

        errors.Should().Contain(e => e.StartsWith(File + ":", StringComparison.Ordinal) && e.Contains(expected, StringComparison.Ordinal), string.Join("\n", errors));
    }

    [Fact]
    public void Load_JsonPatchFromBody_Loads()
    {
        var yaml = Patch.Replace("patch: '{patch_type}'", "patch: json", StringComparison.Ordinal);

        var operation = ManifestYaml.Load((File, yaml)).Tools.Single().Operation;

        operation.PatchType.Should().Be(PatchType.Json, "json patches are refused only when built from fields");
        operation.PatchTypeParameter.Should().BeNull();
    }

    [Fact]
    public void Load_ScaleWithBody_IsRefused()
    {
        var yaml = ManifestYaml.Scale.Replace("  fields:\n    spec.replicas: '{replicas}'", "  body: '{name}'", StringComparison.Ordinal);

        ManifestYaml.Errors((File, yaml)).Should().Contain(e => e.Contains("operation.body: scale sets fields; it does not take a body", StringComparison.Ordinal));
    }
}
