using McpGate.Core.Manifests;
using McpGate.Testing.Files;

namespace McpGate.Core.Tests.Manifests;

public sealed class ManifestLoaderTests
{
    private const string File = "tool-manifests/scale_deployment.yaml";

    [Fact]
    public void LoadDirectory_ShippedManifests_LoadsEveryTool()
    {
        var set = ManifestLoader.LoadDirectory(RepoPaths.Manifests);

        set.Tools.Select(t => t.Name).Should().BeEquivalentTo(
            "get_deployment", "list_deployments", "scale_deployment", "scale_workload", "set_image", "restart_rollout",
            "cordon_node", "uncordon_node", "suspend_cronjob", "resume_cronjob",
            "delete_resource", "drain_node", "rollout_undo", "update_configmap", "apply_manifest", "patch_resource",
            "namespaces_list", "pods_list", "pods_get", "pods_log", "events_list",
            "resources_list", "resources_get", "resources_describe", "api_resources_list", "explain_resource", "secrets_list",
            "nodes_list",
            "nodes_top",
            "pods_top",
            "rollout_status",
            "rollout_history");
        set.Find("list_deployments")!.Access.Should().Be(ToolAccess.Read);
        set.Find("list_deployments")!.Parameters.Should().ContainSingle(p => p.Name == "namespace" && p.Required);
        set.Find("get_deployment")!.Operation.Action.Should().Be(OperationAction.Get);
        set.Find("nope").Should().BeNull();
    }

    [Fact]
    public void LoadDirectory_ShippedScaleDeployment_ParsesEveryField()
    {
        var tool = ManifestYaml.Shipped("scale_deployment");

        tool.Access.Should().Be(ToolAccess.Write);
        tool.Risk.Should().Be(ToolRisk.Medium);
        tool.Parameters.Select(p => p.Name).Should().Equal("namespace", "name", "replicas", "reason");
        tool.FindParameter("replicas").Should().BeEquivalentTo(new { Type = ParameterType.Integer, Required = true, Minimum = 0.0, Maximum = 100.0 });
        tool.Operation.Should().BeEquivalentTo(new { Group = "apps", Version = "v1", Resource = "deployments", Namespace = "{namespace}", Name = "{name}" });
        tool.Operation.Fields.Should().ContainSingle().Which.Path.Should().Be("spec.replicas");
        tool.Verify.Should().BeEquivalentTo(new { Expect = "rollout_complete", Timeout = TimeSpan.FromSeconds(120) });
        tool.Verify!.ExpectLocation.Should().EndWith(RepoPaths.ManifestLocation("scale_deployment.yaml", "  expect: "));
        tool.SourcePath.Should().EndWith("scale_deployment.yaml");
    }

    [Fact]
    public void LoadDirectory_MissingDirectory_Throws()
    {
        var act = () => ManifestLoader.LoadDirectory("/nonexistent/tool-manifests");

        act.Should().Throw<ManifestValidationException>().Which.Errors.Should().ContainSingle().Which.Should().Contain("not found");
    }

    [Fact]
    public void Load_ValidManifest_Succeeds()
    {
        ManifestYaml.Load((File, ManifestYaml.Scale)).Tools.Should().ContainSingle();
    }

    public static TheoryData<string, string, string, string> BadManifests => new()
    {
        // description of the edit, replaced text -> replacement, expected error
        { "unknown top-level key", "risk: medium", "risk: medium\ncolour: red", $"{File}:6:1: colour: unknown key" },
        { "unknown parameter key", "maximum: 100", "maximum: 100\n    maximun: 5", $"{File}:14:5: parameters.replicas.maximun: unknown key" },
        { "wrong type", "minimum: 0", "minimum: ten", $"{File}:12:14: parameters.replicas.minimum: must be an integer" },
        { "fractional integer", "minimum: 0", "minimum: 0.5", "parameters.replicas.minimum: must be an integer" },
        { "missing required key", "title: Scale a deployment\n", "", $"{File}:1:1: title: is required" },
        { "bad access", "access: write", "access: writes", $"{File}:4:9: access: must be one of read, write (got \"writes\")" },
        { "bad risk", "risk: medium", "risk: severe", "risk: must be one of low, medium, high" },
        { "bad parameter type", "type: integer", "type: int", "parameters.replicas.type: must be one of string, integer, number, boolean" },
        { "name not snake_case", "name: scale_deployment", "name: Scale-Deployment", $"{File}:1:7: name: must be snake_case" },
        { "parameter name not snake_case", "  reason:", "  Reason:", "parameters.Reason: parameter names must be snake_case" },
        { "placeholder names no parameter", "name: '{name}'", "name: '{nmae}'", $"{File}:19:9: operation.name: placeholder {{nmae}} names no parameter (known: namespace, name, replicas, reason)" },
        { "write without verify", "verify:\n  expect: rollout_complete\n  timeout: 120s", "", "verify: is required for write tools" },
        { "write without reason", "  reason: { type: string, required: true, description: Why }\n", "", "parameters.reason: write tools need a required string parameter 'reason'" },
        { "optional reason", "reason: { type: string, required: true,", "reason: { type: string, required: false,", "parameters.reason: write tools need a required string parameter 'reason'" },
        { "pattern does not compile", "pattern: '^[a-z0-9-]+$'", "pattern: '^[a-z'", "parameters.namespace.pattern: is not a valid regular expression" },
        { "pattern on an integer", "minimum: 0", "pattern: '^1$'", "parameters.replicas.pattern: only string parameters have a pattern" },
        { "minimum above maximum", "minimum: 0", "minimum: 200", "parameters.replicas.minimum: must not exceed maximum 100" },
        { "bad action", "action: scale", "action: explode", "operation.action: must be one of list, get, scale" },
        { "read tool that writes", "access: write", "access: read", "operation.action: scale changes the cluster, but access is read" },
        { "bad resource", "resource: apps/v1/deployments", "resource: Deployments", "operation.resource: must be group/version/resource" },
        { "bad field path", "spec.replicas:", "spec..replicas:", "operation.fields.spec..replicas: must be a dotted path" },
        { "bad duration", "timeout: 120s", "timeout: 2 minutes", $"{File}:24:12: verify.timeout: must be a positive duration" },
        { "zero duration", "timeout: 120s", "timeout: 0s", "verify.timeout: must be a positive duration" },
        { "bad expectation", "expect: rollout_complete", "expect: Rollout-Complete", "verify.expect: must be a probe name in snake_case" },
        { "default on a required parameter", "maximum: 100", "maximum: 100\n    default: 3", "parameters.replicas.default: a required parameter cannot have a default" },
        { "enum of the wrong type", "maximum: 100", "maximum: 100\n    enum: [1, two]", "parameters.replicas.enum[1]: must be an integer" },
        { "required not a boolean", "required: true\n    minimum", "required: yes\n    minimum", "parameters.replicas.required: must be true or false" },
        { "placeholder of an optional parameter", "  name: { type: string, required: true,", "  name: { type: string, required: false,", "operation.name: placeholder {name} needs a value, but parameter name is optional with no default" },
        { "overlapping fields", "spec.replicas: '{replicas}'", "spec.replicas: '{replicas}'\n    spec: '{name}'", "operation.fields.spec: overlaps field spec.replicas" },
        { "fields on a get", "action: scale", "action: get", "operation.fields: get does not set fields" },
        { "write tool that reads", "action: scale", "action: get", "operation.action: get only reads, but access is write" },
        { "duplicate key", "risk: medium", "risk: medium\nrisk: low", $"{File}:6:1: Duplicate key" },
        { "YAML syntax error", "risk: medium", "risk: [medium", $"{File}:" },
        { "not a map", ManifestYaml.Scale, "- just\n- a list", "a manifest must be a map" },
    };

    [Theory]
    [MemberData(nameof(BadManifests))]
    public void Load_InvalidManifest_ReportsFileLineAndField(string edit, string find, string replace, string expected)
    {
        ManifestYaml.Scale.Should().Contain(find, because: edit);
        var yaml = ManifestYaml.Scale.Replace(find, replace, StringComparison.Ordinal);

        var errors = ManifestYaml.Errors((File, yaml));

        errors.Should().Contain(e => e.StartsWith(File + ":", StringComparison.Ordinal) && e.Contains(expected, StringComparison.Ordinal), because: edit);
    }

    [Fact]
    public void Load_ManyErrorsInManyFiles_ReportsAllOfThemAtOnce()
    {
        var first = ManifestYaml.Scale.Replace("minimum: 0", "minimum: ten", StringComparison.Ordinal).Replace("risk: medium", "risk: huge", StringComparison.Ordinal);
        var second = ManifestYaml.Scale.Replace("name: scale_deployment", "name: other_tool", StringComparison.Ordinal).Replace("action: scale", "action: nuke", StringComparison.Ordinal);

        var act = () => ManifestYaml.Load(("a.yaml", first), ("b.yaml", second));

        var ex = act.Should().Throw<ManifestValidationException>().Which;
        ex.Errors.Should().HaveCount(3);
        ex.Errors.Should().Contain(e => e.StartsWith("a.yaml:12:14: parameters.replicas.minimum", StringComparison.Ordinal));
        ex.Errors.Should().Contain(e => e.StartsWith("a.yaml:5:7: risk", StringComparison.Ordinal));
        ex.Errors.Should().Contain(e => e.StartsWith("b.yaml:16:11: operation.action", StringComparison.Ordinal));
        ex.Message.Should().Contain("3 errors").And.Contain("a.yaml:12:14").And.Contain("b.yaml:16:11");
    }

    [Fact]
    public void Load_DuplicateToolNames_ReportsBothLocations()
    {
        var errors = ManifestYaml.Errors(("a.yaml", ManifestYaml.Scale), ("b.yaml", ManifestYaml.Scale));

        errors.Should().ContainSingle().Which.Should().Be("b.yaml:1:7: name: tool scale_deployment is already defined at a.yaml:1:7");
    }

    [Fact]
    public void Load_ReadToolWithVerify_IsRefused()
    {
        const string yaml = """
            name: list_things
            title: List
            description: List things.
            access: read
            risk: low
            operation: { action: list, resource: v1/pods }
            verify: { expect: rollout_complete, timeout: 1m }
            """;

        ManifestYaml.Errors(("r.yaml", yaml)).Should().ContainSingle().Which.Should().StartWith("r.yaml:7:9: verify: only write tools are verified");
    }

    [Fact]
    public void Load_CoreGroupResourceWithoutParameters_HasEmptyGroup()
    {
        const string yaml = """
            name: list_pods
            title: List pods
            description: List pods everywhere.
            access: read
            risk: low
            operation: { action: list, resource: v1/pods }
            """;

        var tool = ManifestYaml.Load(("p.yaml", yaml)).Tools.Single();

        tool.Parameters.Should().BeEmpty();
        tool.Operation.Should().BeEquivalentTo(new { Group = "", Version = "v1", Resource = "pods", Namespace = (string?)null, Name = (string?)null });
    }
}
