using McpGate.Core.Manifests;

namespace McpGate.Core.Tests.Manifests;

/// <summary>The parser checks the shape of verify.expect; the registered probe names decide whether it exists.</summary>
public sealed class VerifyProbeNamesTests
{
    private static readonly string[] s_registered = ["rollout_complete", "object_gone", "job_complete"];

    [Fact]
    public void Check_EveryExpectationRegistered_NoErrors()
    {
        var set = ManifestYaml.Load(("scale.yaml", ManifestYaml.Scale));

        VerifyProbeNames.Check(set, s_registered).Should().BeEmpty();
    }

    [Fact]
    public void Check_UnknownName_ReportsFileLineColumnAndTheKnownNamesSorted()
    {
        var set = ManifestYaml.Load(
            ("a.yaml", ManifestYaml.Scale.Replace("expect: rollout_complete", "expect: rollout_done", StringComparison.Ordinal)),
            ("b.yaml", ManifestYaml.Scale.Replace("name: scale_deployment", "name: other", StringComparison.Ordinal)),
            ("c.yaml", ManifestYaml.Scale.Replace("name: scale_deployment", "name: third", StringComparison.Ordinal).Replace("expect: rollout_complete", "expect: object_matches", StringComparison.Ordinal)));

        var errors = VerifyProbeNames.Check(set, s_registered);

        errors.Should().Equal(
            "a.yaml:23:11: verify.expect: no verification probe is registered as rollout_done (known: job_complete, object_gone, rollout_complete)",
            "c.yaml:23:11: verify.expect: no verification probe is registered as object_matches (known: job_complete, object_gone, rollout_complete)");
    }

    [Theory]
    [InlineData("Rollout_Complete")]
    [InlineData("rollout-complete")]
    [InlineData("'rollout_complete '")]
    [InlineData("\"rollout_c\\u03bfmplete\"")]
    [InlineData("''")]
    [InlineData("[rollout_complete]")]
    public void Load_ExpectNotASnakeCaseName_RefusedByTheParser(string expect)
    {
        var yaml = ManifestYaml.Scale.Replace("expect: rollout_complete", $"expect: {expect}", StringComparison.Ordinal);

        var errors = ManifestYaml.Errors(("scale.yaml", yaml));

        errors.Should().ContainSingle().Which.Should().StartWith("scale.yaml:23:11: verify.expect: must");
    }
}
