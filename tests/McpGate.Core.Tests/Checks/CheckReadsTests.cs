using McpGate.Core.Checks;

namespace McpGate.Core.Tests.Checks;

public sealed class CheckReadsTests
{
    [Fact]
    public void Of_EveryLibraryCheck_NamesWhatItLists()
    {
        CheckCatalog.Names.ToDictionary(n => n, n => CheckReads.Of(n).Select(r => $"{r.Verb} {r.Group}/{r.Resource}").ToList()).Should().BeEquivalentTo(new Dictionary<string, List<string>>
        {
            ["blast_radius"] = ["list /pods"],
            ["gitops_managed"] = [],
            ["image_pinned"] = [],
            ["pdb_allows"] = ["list policy/poddisruptionbudgets"],
            ["previous_revision"] = ["list apps/replicasets", "list apps/controllerrevisions"],
            ["target_healthy"] = ["list /pods"],
        });
    }

    [Theory]
    [InlineData("no_drift")]
    [InlineData("Blast_Radius")]
    public void Of_NotALibraryCheck_Throws(string name) =>
        FluentActions.Invoking(() => CheckReads.Of(name)).Should().Throw<ArgumentException>().WithParameterName("checkName");
}
