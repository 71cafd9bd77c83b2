using System.Text.RegularExpressions;
using McpGate.Core.Policy;

namespace McpGate.Core.Tests.Policy;

public sealed class ConstraintEvaluatorTests
{
    public static TheoryData<object?, bool, string> MinimumCases => new()
    {
        { 2L, true, "replicas: 2 meets the minimum of 2 set by rule r" },
        { 3L, true, "replicas: 3 meets the minimum of 2 set by rule r" },
        { 1L, false, "replicas: 1 is below the minimum of 2 set by rule r" },
        { -5L, false, "replicas: -5 is below the minimum of 2 set by rule r" },
        { long.MinValue, false, "replicas: -9223372036854775808 is below the minimum of 2 set by rule r" },
        { 1.5, false, "replicas: 1.5 is below the minimum of 2 set by rule r" },
        { 2.0, true, "replicas: 2 meets the minimum of 2 set by rule r" },
        { double.NaN, false, "replicas: NaN is below the minimum of 2 set by rule r" },
        { null, false, "replicas: is not supplied, but rule r limits it to a minimum of 2" },
        { "7", false, "replicas: \"7\" is not the kind of value rule r limits to a minimum of 2" },
        { true, false, "replicas: true is not the kind of value rule r limits to a minimum of 2" },
    };

    [Theory]
    [MemberData(nameof(MinimumCases))]
    public void Check_Minimum_PassesOnlyNumbersAtOrAboveIt(object? value, bool passed, string detail)
    {
        var check = CheckOne(new ArgumentConstraint { Argument = "replicas", Minimum = 2 }, value);

        check.Should().BeEquivalentTo(new ConstraintCheck { Argument = "replicas", Rule = "minimum", Passed = passed, Detail = detail });
    }

    public static TheoryData<object?, bool, string> MaximumCases => new()
    {
        { 10L, true, "replicas: 10 is within the maximum of 10 set by rule r" },
        { 0L, true, "replicas: 0 is within the maximum of 10 set by rule r" },
        { 11L, false, "replicas: 11 exceeds the maximum of 10 set by rule r" },
        { long.MaxValue, false, "replicas: 9223372036854775807 exceeds the maximum of 10 set by rule r" },
        { 10.5, false, "replicas: 10.5 exceeds the maximum of 10 set by rule r" },
        { double.PositiveInfinity, false, "replicas: Infinity exceeds the maximum of 10 set by rule r" },
        { double.NaN, false, "replicas: NaN exceeds the maximum of 10 set by rule r" },
        { null, false, "replicas: is not supplied, but rule r limits it to a maximum of 10" },
        { "5", false, "replicas: \"5\" is not the kind of value rule r limits to a maximum of 10" },
    };

    [Theory]
    [MemberData(nameof(MaximumCases))]
    public void Check_Maximum_PassesOnlyNumbersAtOrBelowIt(object? value, bool passed, string detail)
    {
        var check = CheckOne(new ArgumentConstraint { Argument = "replicas", Maximum = 10 }, value);

        check.Should().BeEquivalentTo(new ConstraintCheck { Argument = "replicas", Rule = "maximum", Passed = passed, Detail = detail });
    }

    public static TheoryData<object?, bool, string> EnumCases => new()
    {
        { "blue", true, "colour: \"blue\" is one of \"blue\", 3, true allowed by rule r" },
        { 3L, true, "colour: 3 is one of \"blue\", 3, true allowed by rule r" },
        { 3.0, true, "colour: 3 is one of \"blue\", 3, true allowed by rule r" },
        { true, true, "colour: true is one of \"blue\", 3, true allowed by rule r" },
        { "Blue", false, "colour: \"Blue\" is not one of \"blue\", 3, true allowed by rule r" },
        { "blue\n", false, "colour: \"blue\\u000A\" is not one of \"blue\", 3, true allowed by rule r" },
        { "3", false, "colour: \"3\" is not one of \"blue\", 3, true allowed by rule r" },
        { 3.5, false, "colour: 3.5 is not one of \"blue\", 3, true allowed by rule r" },
        { false, false, "colour: false is not one of \"blue\", 3, true allowed by rule r" },
        { null, false, "colour: is not supplied, but rule r limits it to the values \"blue\", 3, true" },
    };

    [Theory]
    [MemberData(nameof(EnumCases))]
    public void Check_Enum_PassesOnlyAListedValueOfTheSameKind(object? value, bool passed, string detail)
    {
        var check = CheckOne(new ArgumentConstraint { Argument = "colour", Enum = ["blue", 3L, true] }, value);

        check.Should().BeEquivalentTo(new ConstraintCheck { Argument = "colour", Rule = "enum", Passed = passed, Detail = detail });
    }

    [Fact]
    public void Check_Enum_ComparesADoubleLimitWithALongValue()
    {
        CheckOne(new ArgumentConstraint { Argument = "ratio", Enum = [2.0] }, 2L).Passed.Should().BeTrue();
        CheckOne(new ArgumentConstraint { Argument = "ratio", Enum = [2.0] }, 3L).Passed.Should().BeFalse();
    }

    public static TheoryData<object?, bool, string> PatternCases => new()
    {
        { "web-1", true, "name: \"web-1\" matches the pattern ^web-[0-9]+$ required by rule r" },
        { "web-x", false, "name: \"web-x\" does not match the pattern ^web-[0-9]+$ required by rule r" },
        { 7L, false, "name: 7 is not the kind of value rule r limits to the pattern ^web-[0-9]+$" },
        { null, false, "name: is not supplied, but rule r limits it to the pattern ^web-[0-9]+$" },
    };

    [Theory]
    [MemberData(nameof(PatternCases))]
    public void Check_Pattern_PassesOnlyAMatchingString(object? value, bool passed, string detail)
    {
        var constraint = new ArgumentConstraint { Argument = "name", Pattern = "^web-[0-9]+$", PatternRegex = new Regex("^web-[0-9]+$", RegexOptions.None, TimeSpan.FromSeconds(5)) };

        var check = CheckOne(constraint, value);

        check.Should().BeEquivalentTo(new ConstraintCheck { Argument = "name", Rule = "pattern", Passed = passed, Detail = detail });
    }

    [Fact]
    public void Check_Pattern_FailsClosed_WhenTheMatchTimesOut()
    {
        // Catastrophic backtracking: the match cannot finish within a millisecond.
        var constraint = new ArgumentConstraint { Argument = "name", Pattern = "^(a+)+$", PatternRegex = new Regex("^(a+)+$", RegexOptions.None, TimeSpan.FromMilliseconds(1)) };

        var check = CheckOne(constraint, new string('a', 40) + "!");

        check.Passed.Should().BeFalse();
        check.Detail.Should().StartWith("name: ").And.Contain("does not match the pattern ^(a+)+$ required by rule r");
    }

    [Fact]
    public void Check_EveryConstraintOfEveryArgument_InOrder()
    {
        var rule = Rule(
            new ArgumentConstraint { Argument = "replicas", Minimum = 1, Maximum = 5 },
            new ArgumentConstraint { Argument = "tier", Enum = ["gold"] });

        var checks = ConstraintEvaluator.Check(rule, new Dictionary<string, object?> { ["replicas"] = 9L, ["tier"] = "gold" }).ToList();

        checks.Select(c => (c.Argument, c.Rule, c.Passed)).Should().Equal(
            ("replicas", "minimum", true),
            ("replicas", "maximum", false),
            ("tier", "enum", true));
    }

    [Fact]
    public void Check_NoConstraints_YieldsNothing()
    {
        ConstraintEvaluator.Check(Rule(), new Dictionary<string, object?> { ["replicas"] = 9L }).Should().BeEmpty();
    }

    public static TheoryData<Dictionary<string, string?>, bool, string> MapPatternCases => new()
    {
        { new() { ["feature.a"] = "on", ["feature.b"] = null }, true, "data: every key (\"feature.a\", \"feature.b\") matches the pattern ^feature\\. required by rule r" },
        { new() { ["feature.a"] = "on", ["DB_URL"] = "x" }, false, "data: key(s) \"DB_URL\" do not match the pattern ^feature\\. required by rule r" },
        { new() { ["DB_URL"] = null }, false, "data: key(s) \"DB_URL\" do not match the pattern ^feature\\. required by rule r" },
    };

    [Theory]
    [MemberData(nameof(MapPatternCases))]
    public void Check_PatternOnAMap_LimitsEveryKeySetOrRemoved(Dictionary<string, string?> value, bool passed, string detail)
    {
        var constraint = new ArgumentConstraint { Argument = "data", Pattern = "^feature\\.", PatternRegex = new Regex("^feature\\.", RegexOptions.None, TimeSpan.FromSeconds(5)) };

        var check = CheckOne(constraint, value);

        check.Should().BeEquivalentTo(new ConstraintCheck { Argument = "data", Rule = "pattern", Passed = passed, Detail = detail });
    }

    [Fact]
    public void Check_BoundsOrEnumOnAMap_FailClosed()
    {
        var map = new Dictionary<string, string?> { ["a"] = "1" };

        CheckOne(new ArgumentConstraint { Argument = "data", Maximum = 3 }, map).Passed.Should().BeFalse();
        CheckOne(new ArgumentConstraint { Argument = "data", Enum = ["a"] }, map).Detail.Should().Be("data: {\"a\":\"1\"} is not one of \"a\" allowed by rule r");
    }

    private static ConstraintCheck CheckOne(ArgumentConstraint constraint, object? value)
    {
        var arguments = new Dictionary<string, object?>();
        if (value is not null)
        {
            arguments[constraint.Argument] = value;
        }

        return ConstraintEvaluator.Check(Rule(constraint), arguments).Should().ContainSingle().Subject;
    }

    private static PolicyRule Rule(params ArgumentConstraint[] constraints) => new()
    {
        Name = "r",
        Tools = ["*"],
        Effect = PolicyEffect.Allow,
        Constraints = constraints,
        SourcePath = "p.yaml",
    };
}
