using McpGate.Sandbox.Objects;

namespace McpGate.Sandbox.Tests.Objects;

public sealed class LabelSelectorTests
{
    public static TheoryData<string, bool> Selectors => new()
    {
        { "app=web", true },
        { "app==web", true },
        { "app=api", false },
        { "app!=api", true },
        { "app,tier", true },
        { "!legacy", true },
        { "!app", false },
        { "tier in (edge, core)", true },
        { "tier notin (edge)", false },
        { "app=web,tier=core", false },
        { "", true },
    };

    [Theory]
    [MemberData(nameof(Selectors))]
    public void Matches_Selector_FollowsKubernetesSemantics(string selector, bool expected)
    {
        var labels = new Dictionary<string, string> { ["app"] = "web", ["tier"] = "edge" };

        LabelSelector.Parse(selector).Matches(labels).Should().Be(expected);
    }
}
