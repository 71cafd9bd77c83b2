using McpGate.Core.Policy;

namespace McpGate.Core.Tests.Policy;

public sealed class NamePatternTests
{
    public static TheoryData<string, bool> Syntax => new()
    {
        { "demo", true },
        { "team-*", true },
        { "*", true },
        { "", true },
        { "a*b", false },
        { "*a", false },
        { "**", false },
        { "team-**", false },
        { "team *", false },
        { " demo", false },
        { "de\tmo", false },
    };

    [Theory]
    [MemberData(nameof(Syntax))]
    public void IsValid_AllowsOnlyNamesAndOneTrailingStar(string pattern, bool valid)
    {
        NamePattern.IsValid(pattern).Should().Be(valid);
    }

    public static TheoryData<string, string?, bool> Matching => new()
    {
        { "*", "anything", true },
        { "*", null, true },
        { "*", "", true },
        { "demo", "demo", true },
        { "demo", "Demo", false },
        { "demo", "demo2", false },
        { "demo", "dem", false },
        { "demo", null, false },
        { "team-*", "team-a", true },
        { "team-*", "team-", true },
        { "team-*", "Team-a", false },
        { "team-*", "team", false },
        { "team-*", "xteam-a", false },
        { "team-*", null, false },
    };

    [Theory]
    [MemberData(nameof(Matching))]
    public void Matches_ExactStarOrPrefix_CaseSensitive(string pattern, string? value, bool matches)
    {
        NamePattern.Matches(pattern, value).Should().Be(matches);
    }

    public static TheoryData<string[]?, string?, bool> AnyOf => new()
    {
        { null, "demo", true },
        { null, null, true },
        { [], "demo", false },
        { ["demo"], "demo", true },
        { ["staging", "demo"], "demo", true },
        { ["demo", "staging"], "demo", true },
        { ["demo", "team-*"], "team-a", true },
        { ["staging", "prod"], "demo", false },
        { ["demo", "*"], null, true },
        { ["demo"], null, false },
    };

    [Theory]
    [MemberData(nameof(AnyOf))]
    public void MatchesAny_OneMatchingSelectorIsEnough(string[]? patterns, string? value, bool matches)
    {
        NamePattern.MatchesAny(patterns, value).Should().Be(matches);
    }

    [Fact]
    public void TryCanonicalizeIdentity_Null_ThrowsNamingThePattern()
    {
        var act = () => NamePattern.TryCanonicalizeIdentity(null!, out _);

        act.Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("pattern");
    }
}
