using McpGate.Core.Changes;
using McpGate.Core.Checks;
using McpGate.Core.Proofs;

namespace McpGate.Core.Tests.Checks;

public sealed class ReleaseScoreTests
{
    private static readonly string[] s_builtIns = ["target_exists", "dry_run_accepted", "no_drift", "policy_constraints"];

    public static TheoryData<string, (string Name, string Status)[], int> Scores => new()
    {
        { "no checks", [], 0 },
        { "built-ins pass", [.. s_builtIns.Select(n => (n, "pass"))], 100 },
        // 4 built-ins (weight 1) pass, gitops_managed (3) warns, blast_radius (2), pdb_allows (3), target_healthy (2) pass: 12.5 of 14.
        { "scale_deployment on a GitOps target", [.. s_builtIns.Select(n => (n, "pass")), ("gitops_managed", "warn"), ("blast_radius", "pass"), ("pdb_allows", "pass"), ("target_healthy", "pass")], 89 },
        // 4 built-ins and gitops_managed (3) pass, blast_radius (2) and target_healthy (2) warn, pdb_allows (3) fails: 4 + 3 + 1 + 1 = 9 of 14.
        { "a failing PDB", [.. s_builtIns.Select(n => (n, "pass")), ("gitops_managed", "pass"), ("blast_radius", "warn"), ("pdb_allows", "fail"), ("target_healthy", "warn")], 64 },
        { "one warn alone is half", [("image_pinned", "warn")], 50 },
        { "weights differ: heavy pass, light fail", [("pdb_allows", "pass"), ("image_pinned", "fail")], 75 },
        { "weights differ: light pass, heavy fail", [("image_pinned", "pass"), ("pdb_allows", "fail")], 25 },
        // 1 of 8 is 12.5: half away from zero gives 13 (banker's rounding would give 12).
        { "half rounds up", [("no_drift", "pass"), .. Enumerable.Repeat(("target_exists", "fail"), 7)], 13 },
        { "an unknown check weighs 1", [("from_a_newer_gate", "pass"), ("image_pinned", "fail")], 50 },
    };

    [Theory]
    [MemberData(nameof(Scores))]
    public void Of_WeightsPassFullWarnHalfFailNothing(string because, (string Name, string Status)[] checks, int score)
    {
        var records = checks.Select(c => new CheckRecord { Name = c.Name, Status = CheckStatuses.FromWire(c.Status)!.Value, Detail = "d" }).ToList();

        ReleaseScore.Of(records).Should().Be(score, because);
        ProofBuilder.ReleaseScore(records).Should().Be(score, "the proof signs the same score");
    }

    [Fact]
    public void Weights_AreTheDocumentedOnes()
    {
        CheckCatalog.Names.Select(n => (n, CheckCatalog.Weight(n))).Should().Equal(
            ("blast_radius", 2), ("gitops_managed", 3), ("image_pinned", 1), ("pdb_allows", 3), ("previous_revision", 1), ("target_healthy", 2));
        s_builtIns.Select(CheckCatalog.Weight).Should().AllBeEquivalentTo(1);
    }
}
