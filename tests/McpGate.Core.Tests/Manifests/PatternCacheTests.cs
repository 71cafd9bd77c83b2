using McpGate.Core.Manifests;

namespace McpGate.Core.Tests.Manifests;

/// <summary>
/// A pattern text compiled once is reused (serve loads its configuration twice at start), and the
/// reuse changes nothing a manifest author sees: the same matcher, the same refusals, the same errors.
/// </summary>
public sealed class PatternCacheTests
{
    private static string Manifest(string name, string pattern) => $$"""
        name: {{name}}
        title: Get a thing
        description: Get one thing.
        access: read
        risk: low
        parameters:
          namespace: { type: string, required: true, pattern: '{{pattern}}' }
        operation: { action: get, resource: apps/v1/deployments, namespace: '{namespace}', name: x }
        """;

    [Fact]
    public void Load_SamePatternInTwoManifestsAndTwoLoads_SharesOneMatcherThatStillMatchesWholeValues()
    {
        const string pattern = "^[a-z]+-cache-test$";
        var first = ManifestYaml.Load(("a.yaml", Manifest("get_a", pattern)), ("b.yaml", Manifest("get_b", pattern)));
        var again = ManifestYaml.Load(("a.yaml", Manifest("get_a", pattern)));

        var regexes = first.Tools.Concat(again.Tools).Select(t => t.Parameters.Single().PatternRegex).ToList();
        regexes.Should().AllSatisfy(r => r.Should().BeSameAs(regexes[0]));
        regexes[0]!.IsMatch("demo-cache-test").Should().BeTrue();
        regexes[0]!.IsMatch("demo-cache-test\n").Should().BeFalse("the cached matcher is the whole-value one");
        regexes[0]!.IsMatch("x demo-cache-test").Should().BeFalse();
    }

    [Fact]
    public void Load_InvalidPatternTwice_IsReportedBothTimes()
    {
        var manifest = Manifest("get_a", "a)|(b");

        var first = () => ManifestYaml.Load(("a.yaml", manifest));
        var second = () => ManifestYaml.Load(("a.yaml", manifest));

        first.Should().Throw<ManifestValidationException>().Which.Errors.Should().ContainSingle(e => e.Contains("pattern", StringComparison.Ordinal));
        second.Should().Throw<ManifestValidationException>().Which.Errors.Should().ContainSingle(e => e.Contains("pattern", StringComparison.Ordinal), "a pattern that failed is never cached");
    }

    [Fact]
    public void Load_PatternWithUnsupportedConstructTwice_IsReportedBothTimes()
    {
        var manifest = Manifest("get_a", "(a)\\1");

        for (var i = 0; i < 2; i++)
        {
            var load = () => ManifestYaml.Load(("a.yaml", manifest));
            load.Should().Throw<ManifestValidationException>().Which.Errors.Should().ContainSingle(e => e.Contains("linear-time matcher", StringComparison.Ordinal));
        }
    }
}
