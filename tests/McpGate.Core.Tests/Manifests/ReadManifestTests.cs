using FluentAssertions;
using McpGate.Core.Manifests;
using Xunit;

namespace McpGate.Core.Tests.Manifests;

/// <summary>Read manifests: actions, kinds resolved at call time, query options, and the refusal of anything that writes.</summary>
public sealed class ReadManifestTests
{
    private const string Head = """
        name: read_things
        title: Read
        description: Read things.
        access: read
        risk: low
        parameters:
          namespace: { type: string }
          name: { type: string, required: true }
          kind: { type: string, required: true }
          label_selector: { type: string }
          limit: { type: integer, minimum: 1, maximum: 500 }
          previous: { type: boolean }

        """;

    public static TheoryData<string, string> ReadsThatWrite => new()
    {
        { "operation: { action: patch, resource: v1/pods, name: '{name}' }", "operation.action: patch changes the cluster, but access is read" },
        { "operation: { action: delete, resource: v1/pods, name: '{name}' }", "operation.action: delete changes the cluster, but access is read" },
        { "operation: { action: scale, resource: apps/v1/deployments, name: '{name}', fields: { spec.replicas: 1 } }", "changes the cluster, but access is read" },
        { "operation: { action: drain, resource: v1/nodes, name: '{name}' }", "changes the cluster, but access is read" },
        { "operation: { action: rollout_undo, resource: apps/v1/deployments, name: '{name}' }", "rollout_undo changes the cluster, but access is read" },
        { "operation: { action: apply, body: '{name}' }", "changes the cluster, but access is read" },
        { "operation: { action: Get, resource: v1/pods, name: '{name}' }", "operation.action" },
        { "operation: { action: 'get ', resource: v1/pods, name: '{name}' }", "operation.action" },
    };

    [Theory]
    [MemberData(nameof(ReadsThatWrite))]
    public void Load_ReadManifestWhoseActionWrites_Refused(string operation, string expected)
    {
        ManifestYaml.Errors(("r.yaml", Head + operation)).Should().Contain(e => e.Contains(expected, StringComparison.Ordinal));
    }

    public static TheoryData<string, string> BadReads => new()
    {
        { "operation: { action: list, resource: v1/pods, query: { tail_lines: '{limit}' } }", "operation.query.tail_lines: list does not take it (it takes: label_selector, field_selector, limit, continue)" },
        { "operation: { action: list, resource: v1/pods, query: { labels: '{label_selector}' } }", "operation.query.labels: unknown read option" },
        { "operation: { action: list, resource: v1/pods, query: { limit: '{label_selector}' } }", "placeholder {label_selector} is a string parameter, but limit takes a integer" },
        { "operation: { action: list, resource: v1/pods, query: { limit: 'x{limit}' } }", "must be one whole '{parameter}' placeholder or a literal value" },
        { "operation: { action: list, resource: v1/pods, query: { limit: 0 } }", "operation.query.limit: must be a positive integer" },
        { "operation: { action: logs, resource: v1/pods, name: '{name}', query: { previous: yes } }", "operation.query.previous: must be true or false" },
        { "operation: { action: list, resource: v1/pods, query: { label_selector: '{missing}' } }", "placeholder {missing} names no parameter" },
        { "operation: { action: list, resource: v1/pods, name: '{name}' }", "operation.name: list does not take a name" },
        { "operation: { action: get, resource: v1/pods }", "operation.name: is required for get" },
        { "operation: { action: get, name: '{name}' }", "operation.resource: is required for get (or operation.kind" },
        { "operation: { action: get, resource: v1/pods, kind: '{kind}', name: '{name}' }", "operation.kind: a read names either a resource or a kind, not both" },
        { "operation: { action: list, resource: v1/pods, api_version: v1 }", "operation.api_version: goes with operation.kind" },
        { "operation: { action: api_resources, resource: v1/pods }", "api_resources reads no resource of its own" },
        { "operation: { action: list, kind: '{kind}', namespace: '{namespace}', query: { continue: '{limit}' } }", "continue takes a string" },
    };

    [Theory]
    [MemberData(nameof(BadReads))]
    public void Load_BadReadOperation_ErrorNamesTheFieldAndRule(string operation, string expected)
    {
        ManifestYaml.Errors(("r.yaml", Head + operation)).Should().Contain(e => e.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Load_WriteWithQueryOrKind_Refused()
    {
        const string write = """
            name: w
            title: W
            description: W.
            access: write
            risk: low
            parameters:
              reason: { type: string, required: true }
              kind: { type: string, required: true }
            operation: { action: scale, resource: apps/v1/deployments, name: web, namespace: demo, kind: '{kind}', fields: { spec.replicas: 1 }, query: { limit: 5 } }
            verify: { expect: rollout_complete, timeout: 1m }
            """;

        var errors = ManifestYaml.Errors(("w.yaml", write));

        errors.Should().Contain(e => e.Contains("operation.kind: only read tools resolve a kind at call time", StringComparison.Ordinal));
        errors.Should().Contain(e => e.Contains("operation.query: only read tools take query options", StringComparison.Ordinal));
    }

    [Fact]
    public void Resolve_OptionalNamespaceAbsent_EveryNamespaceAndOptionsAsGiven()
    {
        var tool = ManifestYaml.Load(("r.yaml", Head + "operation: { action: list, kind: '{kind}', namespace: '{namespace}', query: { label_selector: '{label_selector}', limit: '{limit}' } }")).Tools.Single();

        var all = OperationResolver.Resolve(tool, ArgumentBinder.Bind(tool, Args("""{"kind":"deploy","name":"x","limit":7}""")));
        var one = OperationResolver.Resolve(tool, ArgumentBinder.Bind(tool, Args("""{"kind":"deploy","name":"x","namespace":"demo","label_selector":"app=web"}""")));

        all.Target.Namespace.Should().BeNull();
        all.Kind.Should().Be("deploy");
        all.Query.Should().BeEquivalentTo(new ReadQuery { Limit = 7 });
        one.Target.Namespace.Should().Be("demo");
        one.Query.Should().BeEquivalentTo(new ReadQuery { LabelSelector = "app=web" });
    }

    [Fact]
    public void Resolve_LiteralOptions_Typed()
    {
        var tool = ManifestYaml.Load(("r.yaml", Head + "operation: { action: logs, resource: v1/pods, namespace: '{namespace}', name: '{name}', query: { tail_lines: 50, previous: '{previous}' } }")).Tools.Single();

        var resolved = OperationResolver.Resolve(tool, ArgumentBinder.Bind(tool, Args("""{"kind":"k","name":"p","previous":true}""")));

        resolved.Query.Should().BeEquivalentTo(new ReadQuery { TailLines = 50, Previous = true });
    }

    private static Dictionary<string, System.Text.Json.JsonElement> Args(string json) =>
        System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, System.Text.Json.JsonElement>>(json)!;
}
