using System.Text.Json.Nodes;
using McpGate.Core.Changes;

namespace McpGate.Core.Tests.Changes;

/// <summary>A summary is recomputed from the signed diff to check the stored one: it must not depend on key order, and stays short.</summary>
public sealed class ChangeSummaryObjectTests
{
    [Fact]
    public void Of_ObjectValues_SameTextWhateverTheKeyOrder()
    {
        var written = ChangeSummary.Of("staging/cfg", [new DiffLine { Path = "data", To = JsonNode.Parse("""{"b":"2","a":"1"}""") }]);
        var signed = ChangeSummary.Of("staging/cfg", [new DiffLine { Path = "data", To = JsonNode.Parse("""{"a":"1","b":"2"}""") }]);

        written.Should().Be(signed).And.Be("""staging/cfg: data (unset) -> {"a":"1","b":"2"}""");
    }

    [Fact]
    public void Of_ManyLinesAndLongValues_ShowsTheFirstLinesAndCutsValues()
    {
        var diff = Enumerable.Range(0, 8).Select(i => new DiffLine { Path = $"data.k{i}", From = null, To = new string('x', 200) }).ToList();

        var summary = ChangeSummary.Of("staging/cfg", diff);

        summary.Should().EndWith($", and 3 more field(s) (see the diff)");
        summary.Should().Contain("k4 (unset) -> " + new string('x', ChangeSummary.MaxValue - 3) + "...").And.NotContain("k5");
    }
}
