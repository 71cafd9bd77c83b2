namespace McpGate.Core.Tests.Manifests;

public sealed class ManifestChecksTests
{
    private const string File = "tool-manifests/scale_deployment.yaml";
    private const string Known = "blast_radius, gitops_managed, image_pinned, pdb_allows, previous_revision, target_healthy";

    private static int ChecksLine => ManifestYaml.Scale.Split('\n').Length + 1;

    [Fact]
    public void Load_PickedChecks_AreKeptInOrder()
    {
        var set = ManifestYaml.Load((File, ManifestYaml.Scale + "\nchecks: [target_healthy, gitops_managed, image_pinned]"));

        set.Find("scale_deployment")!.Checks.Should().Equal("target_healthy", "gitops_managed", "image_pinned");
    }

    [Fact]
    public void Load_NoChecksKey_PicksNone() =>
        ManifestYaml.Load((File, ManifestYaml.Scale)).Find("scale_deployment")!.Checks.Should().BeEmpty();

    [Fact]
    public void Load_ShippedScaleDeployment_PicksTheWorkloadChecks() =>
        ManifestYaml.Shipped("scale_deployment").Checks.Should().Equal("gitops_managed", "blast_radius", "pdb_allows", "target_healthy");

    [Fact]
    public void Load_UnknownCheck_RefusesWithFileLineColumnAndTheKnownChecks()
    {
        var errors = ManifestYaml.Errors((File, ManifestYaml.Scale + "\nchecks: [gitops_managed, gitops_manged]"));

        errors.Should().ContainSingle().Which.Should().Be($"{File}:{ChecksLine}:26: checks[1]: unknown check \"gitops_manged\" (known checks: {Known})");
    }

    public static TheoryData<string, string, string> BadChecks => new()
    {
        { "a built-in check", "checks: [no_drift]", $"checks[0]: no_drift is built in and always runs; pick only from {Known}" },
        { "listed twice", "checks: [pdb_allows, pdb_allows]", "checks[1]: pdb_allows is listed twice" },
        { "not a list", "checks: pdb_allows", "checks: must be a list" },
        { "not a string", "checks: [[pdb_allows]]", "checks[0]: must be a string" },
        { "case matters", "checks: [PDB_Allows]", "checks[0]: unknown check \"PDB_Allows\"" },
        { "no trimming", "checks: ['pdb_allows ']", "checks[0]: unknown check \"pdb_allows \"" },
    };

    [Theory]
    [MemberData(nameof(BadChecks))]
    public void Load_BadChecks_Refuses(string because, string yaml, string expected)
    {
        var errors = ManifestYaml.Errors((File, ManifestYaml.Scale + "\n" + yaml));

        errors.Should().ContainSingle(because).Which.Should().StartWith($"{File}:{ChecksLine}:").And.Contain(expected);
    }

    [Fact]
    public void Load_ChecksOnAReadTool_Refuses()
    {
        var read = ManifestYaml.Shipped("get_deployment");
        var text = System.IO.File.ReadAllText(read.SourcePath) + "\nchecks: [target_healthy]\n";

        var errors = ManifestYaml.Errors(("tool-manifests/get_deployment.yaml", text));

        errors.Should().Contain(e => e.Contains("checks: only write tools are proven", StringComparison.Ordinal));
    }
}
