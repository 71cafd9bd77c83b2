using System.Text.Json;
using McpGate.Core.Manifests;
using McpGate.Core.Policy;
using McpGate.Core.Tests.Policy;

namespace McpGate.Core.Tests.Manifests;

/// <summary>Patterns match the whole value, whatever their author wrote.</summary>
public sealed class PatternAnchoringTests
{
    private static ToolManifest Tool(string pattern) => ManifestYaml.Load(("t.yaml", $$"""
        name: get_thing
        title: Get a thing
        description: Get one thing.
        access: read
        risk: low
        parameters:
          namespace: { type: string, required: true, pattern: '{{pattern.Replace("'", "''", StringComparison.Ordinal)}}' }
        operation: { action: get, resource: apps/v1/deployments, namespace: '{namespace}', name: x }
        """)).Tools.Single();

    public static TheoryData<string, string, bool> Cases => new()
    {
        { "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", "demo", true },
        { "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", "demo\n", false },
        { "^[a-z0-9]+$", "demo\n", false },
        { "(?m)^demo$", "demo\nkube-system", false },
        { "(?m)^kube-system$", "demo\nkube-system", false },
        { "[a-z]+", "demo", true },
        { "[a-z]+", "demo!", false },
        { "[a-z]+", "!demo", false },
        { "demo", "demo-canary", false },
        { "demo|prod", "prod", true },
        { "demo|prod", "demo-prod", false },
        { "a|ab", "ab", true },
        { "^demo\\Z", "demo\n", false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void PatternRegex_MatchesOnlyTheWholeValue(string pattern, string value, bool matches)
    {
        var parameter = Tool(pattern).Parameters.Single();

        parameter.Pattern.Should().Be(pattern, "the author's text is kept for the schema and messages");
        parameter.PatternRegex!.IsMatch(value).Should().Be(matches);
        parameter.PatternRegex.MatchTimeout.Should().BeGreaterThan(TimeSpan.Zero).And.BeLessThan(TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void Bind_UnanchoredPatternOnAPartialMatch_IsRefused()
    {
        var tool = Tool("[a-z]+");
        var arguments = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>("""{"namespace":"demo/../kube-system"}""")!;

        var act = () => ArgumentBinder.Bind(tool, arguments);

        act.Should().Throw<ArgumentValidationException>().Which.Errors.Should().Equal(
            "namespace: must match the pattern [a-z]+ as a whole value (got \"demo/../kube-system\")");
    }

    public static TheoryData<string, string> UnanchorablePatterns => new()
    {
        { "a)|(b", "is not a valid regular expression" },
        { "(a", "is not a valid regular expression" },
        { "(?x)demo # a comment", "cannot be anchored to the whole value" },
    };

    [Theory]
    [MemberData(nameof(UnanchorablePatterns))]
    public void Load_PatternThatCouldEscapeTheAnchors_IsRefused(string pattern, string expected)
    {
        var errors = ManifestYaml.Errors(("t.yaml", ManifestYaml.Scale.Replace("'^[a-z0-9-]+$'", $"'{pattern}'", StringComparison.Ordinal)));

        errors.Should().ContainSingle().Which.Should().StartWith("t.yaml:7:").And.Contain("parameters.namespace.pattern: " + expected);
    }

    [Fact]
    public void Load_EnumValueWithControlCharacter_IsRefused()
    {
        var errors = ManifestYaml.Errors(("t.yaml", ManifestYaml.Scale.Replace("pattern: '^[a-z0-9-]+$'", "enum: [demo, \"prod\\n\"]", StringComparison.Ordinal)));

        errors.Should().ContainSingle().Which.Should().Contain("parameters.namespace.enum[1]: must be one line of visible text").And.Contain("U+000A");
    }

    public static TheoryData<string, bool> ConstraintValues => new()
    {
        { "web", true },
        { "web-canary", false },
        { "my-web", false },
    };

    [Theory]
    [MemberData(nameof(ConstraintValues))]
    public void Evaluate_PolicyConstraintPattern_MatchesTheWholeValue(string name, bool allowed)
    {
        var yaml = PolicyYaml.Valid.Replace("replicas: { minimum: 0, maximum: 10 }", "name: { pattern: 'web' }", StringComparison.Ordinal);
        var evaluator = new PolicyEvaluator(PolicyYaml.Load(("p.yaml", yaml)));

        var decision = evaluator.Evaluate(new PolicyRequest
        {
            Tool = "scale_deployment",
            Access = ToolAccess.Write,
            Namespace = "demo",
            Cluster = "sandbox",
            Requester = "agent",
            Arguments = new Dictionary<string, object?> { ["name"] = name },
            Time = new DateTimeOffset(2026, 1, 15, 10, 0, 0, TimeSpan.Zero),
        });

        decision.Allowed.Should().Be(allowed);
        decision.Constraints.Should().ContainSingle().Which.Passed.Should().Be(allowed);
    }
}
