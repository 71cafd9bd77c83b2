using McpGate.Core.Manifests;

namespace McpGate.Core.Tests.Manifests;

/// <summary>The manifest shapes of <c>rollout_undo</c> (<c>operation.revision</c>) and of <c>map</c> parameters.</summary>
public sealed class RevisionAndMapManifestTests
{
    private const string Undo = """
        name: undo
        title: Undo
        description: Roll back.
        access: write
        risk: high
        parameters:
          namespace: { type: string, required: true }
          name: { type: string, required: true }
          to_revision: { type: integer, minimum: 1 }
          label: { type: string }
          reason: { type: string, required: true }
        operation:
          action: rollout_undo
          resource: apps/v1/deployments
          namespace: '{namespace}'
          name: '{name}'
          revision: '{to_revision}'
        verify:
          expect: rollout_complete
          timeout: 60s
        """;

    private const string Config = """
        name: config
        title: Config
        description: Keys.
        access: write
        risk: medium
        parameters:
          namespace: { type: string, required: true }
          name: { type: string, required: true }
          data: { type: map, required: true }
          reason: { type: string, required: true }
        operation:
          action: patch
          patch: merge
          resource: v1/configmaps
          namespace: '{namespace}'
          name: '{name}'
          fields:
            data: '{data}'
        verify:
          expect: object_matches
          timeout: 30s
        """;

    [Fact]
    public void Load_RolloutUndo_ReadsTheRevisionParameterAndNeedsNoFields()
    {
        var tool = ManifestYaml.Load(("u.yaml", Undo)).Find("undo")!;

        tool.Operation.Action.Should().Be(OperationAction.RolloutUndo);
        tool.Operation.RevisionParameter.Should().Be("to_revision");
        tool.Operation.Fields.Should().BeEmpty();
        tool.Operation.Writes.Should().BeTrue();
    }

    [Fact]
    public void Load_ShippedRolloutUndoAndUpdateConfigMap_HaveTheirShapes()
    {
        var undo = ManifestYaml.Shipped("rollout_undo");
        undo.Operation.RevisionParameter.Should().Be("to_revision");
        undo.Operation.Resources.Select(r => r.Resource).Should().Equal("deployments", "statefulsets", "daemonsets");
        undo.Checks.Should().Contain("previous_revision");

        var config = ManifestYaml.Shipped("update_configmap");
        config.FindParameter("data")!.Type.Should().Be(ParameterType.Map);
        config.Operation.Resource.Should().Be("configmaps");
        config.Verify!.Expect.Should().Be("object_matches");
    }

    public static TheoryData<string, string, string, string> BadUndo => new()
    {
        { "revision on a patch", "  action: rollout_undo\n", "  action: patch\n  patch: merge\n  fields: { spec.paused: 'true' }\n", "operation.revision: only rollout_undo names a revision" },
        { "revision names a string", "revision: '{to_revision}'", "revision: '{label}'", "operation.revision: must be one placeholder naming an integer parameter" },
        { "revision is not a whole placeholder", "revision: '{to_revision}'", "revision: 'r{to_revision}'", "operation.revision: must be one placeholder naming an integer parameter" },
        { "revision names nothing", "revision: '{to_revision}'", "revision: '{nope}'", "operation.revision: must be one placeholder naming an integer parameter" },
        { "fields on rollout_undo", "  revision: '{to_revision}'\n", "  revision: '{to_revision}'\n  fields: { spec.paused: 'true' }\n", "operation.fields: rollout_undo sets the pod template of a recorded revision; it takes no fields" },
        { "a resource without revisions", "resource: apps/v1/deployments", "resource: v1/configmaps", "operation.resource: rollout_undo acts on apps/v1 deployments, statefulsets or daemonsets (got v1/configmaps)" },
        { "replicasets", "resource: apps/v1/deployments", "resource: apps/v1/replicasets", "(got apps/v1/replicasets)" },
    };

    [Theory]
    [MemberData(nameof(BadUndo))]
    public void Load_BadRolloutUndo_NamesTheFieldAndTheRule(string because, string from, string to, string expected)
    {
        var yaml = Undo.Replace(from, to, StringComparison.Ordinal);
        yaml.Should().NotBe(Undo, because);

        ManifestYaml.Errors(("u.yaml", yaml)).Should().Contain(e => e.Contains(expected, StringComparison.Ordinal), because);
    }

    public static TheoryData<string, string, string, string> BadMap => new()
    {
        { "enum", "data: { type: map, required: true }", "data: { type: map, enum: [a] }", "parameters.data.enum: a map parameter takes no enum or default" },
        { "default", "data: { type: map, required: true }", "data: { type: map, default: x }", "parameters.data.default: a map parameter takes no enum or default" },
        { "pattern", "data: { type: map, required: true }", "data: { type: map, required: true, pattern: 'a' }", "parameters.data.pattern: only string parameters have a pattern" },
        { "bounds", "data: { type: map, required: true }", "data: { type: map, required: true, maximum: 3 }", "only integer and number parameters have bounds" },
        { "in a name", "name: '{name}'", "name: '{data}'", "operation.name: placeholder {data} is a map parameter: it can only fill a whole field value" },
        { "inside a string", "data: '{data}'", "data: 'x{data}'", "placeholder {data} is a map parameter: it can only fill a whole field value" },
        { "in a field path", "data: '{data}'", "data.{data}: '{name}'", "placeholder {data} is a map parameter: it can only fill a whole field value" },
    };

    [Theory]
    [MemberData(nameof(BadMap))]
    public void Load_BadMapParameter_NamesTheFieldAndTheRule(string because, string from, string to, string expected)
    {
        var yaml = Config.Replace(from, to, StringComparison.Ordinal);
        yaml.Should().NotBe(Config, because);

        ManifestYaml.Errors(("c.yaml", yaml)).Should().Contain(e => e.Contains(expected, StringComparison.Ordinal), because);
    }

    [Fact]
    public void Resolve_MapArgument_FillsTheFieldWithTheObjectNullsIncluded()
    {
        var tool = ManifestYaml.Load(("c.yaml", Config)).Find("config")!;
        var bound = new BoundArguments
        {
            Values = new Dictionary<string, object?>
            {
                ["namespace"] = "demo",
                ["name"] = "cfg",
                ["data"] = new Dictionary<string, string?> { ["A"] = "1", ["B"] = null },
                ["reason"] = "r",
            },
        };

        OperationResolver.Resolve(tool, bound).Patch.ToJsonString().Should().Be("""{"data":{"A":"1","B":null}}""");
    }
}
