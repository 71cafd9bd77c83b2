using McpGate.Core.Policy;

namespace McpGate.Core.Tests.Policy;

/// <summary>
/// Parts of a policy file of the wrong shape, missing or misspelt: exactly one error each, naming
/// the field and the rule, and no follow-on error from a half-parsed part.
/// </summary>
public sealed class PolicyParserShapeTests
{
    private const string File = "p.yaml";

    private const string Approver = "approvers:\n  - { identity: alice, groups: [sre], publicKey: '" + PolicyYaml.AliceKey + "' }\n";

    public static TheoryData<string, string, string> BadFiles => new()
    {
        { "approver not a map", "approvers:\n  - alice\n", "p.yaml:2:5: approvers[0]: must be a map (got alice)" },
        { "approver without identity", "approvers:\n  - { groups: [sre], publicKey: '" + PolicyYaml.AliceKey + "' }\n", "p.yaml:2:5: approvers[0].identity: is required" },
        { "approver without key", "approvers:\n  - { identity: alice, groups: [sre] }\n", "p.yaml:2:5: approvers[0].publicKey: is required" },
        { "approver with a misspelt key", "approvers:\n  - { identity: alice, group: [sre], publicKey: '" + PolicyYaml.AliceKey + "' }\n", "p.yaml:2:24: approvers[0].group: unknown key (expected one of: identity, groups, publicKey)" },
        { "groups not a list", "approvers:\n  - { identity: alice, groups: sre, publicKey: '" + PolicyYaml.AliceKey + "' }\n", "p.yaml:2:32: approvers[0].groups: must be a list (got sre)" },
        { "defaults not a map", "defaults: 30m\n", "p.yaml:1:11: defaults: must be a map (got 30m)" },
        { "rule not a map", "rules:\n  - deny-all\n", "p.yaml:2:5: rules[0]: must be a map (got deny-all)" },
        { "rule without tools", "rules:\n  - { name: r, effect: deny }\n", "p.yaml:2:5: rules[0].tools: is required" },
        { "rule without name", "rules:\n  - { tools: ['*'], effect: deny }\n", "p.yaml:2:5: rules[0].name: is required" },
        { "rule without effect", "rules:\n  - { name: r, tools: ['*'] }\n", "p.yaml:2:5: rules[0].effect: is required" },
        { "rule with a misspelt key", "rules:\n  - { name: r, tools: ['*'], effect: deny, namespace: [demo] }\n", "p.yaml:2:44: rules[0].namespace: unknown key" },
        { "unknown effect, no approval error", "rules:\n  - { name: r, tools: ['*'], effect: permit }\n", "p.yaml:2:38: rules[0].effect: must be one of allow, deny (got \"permit\")" },
        { "approval not a map", Approver + "rules:\n  - { name: r, tools: ['*'], effect: allow, approval: 1 }\n", "p.yaml:4:55: rules[0].approval: must be a map (got 1)" },
        { "approval without count", Approver + "rules:\n  - { name: r, tools: ['*'], effect: allow, approval: { groups: [sre] } }\n", "p.yaml:4:55: rules[0].approval.count: is required" },
        { "count not a number", Approver + "rules:\n  - { name: r, tools: ['*'], effect: allow, approval: { count: two } }\n", "p.yaml:4:64: rules[0].approval.count: must be an integer (got two)" },
        { "approval with a misspelt key", Approver + "rules:\n  - { name: r, tools: ['*'], effect: allow, approval: { count: 1, group: [sre] } }\n", "p.yaml:4:67: rules[0].approval.group: unknown key (expected one of: count, groups)" },
        { "constraints not a map", Approver + "rules:\n  - { name: r, tools: ['*'], effect: allow, approval: { count: 1 }, constraints: [replicas] }\n", "p.yaml:4:82: rules[0].constraints: must be a map (got a list)" },
        { "limits not a map", Approver + "rules:\n  - { name: r, tools: ['*'], effect: allow, approval: { count: 1 }, constraints: { replicas: 5 } }\n", "p.yaml:4:94: rules[0].constraints.replicas: must be a map (got 5)" },
        { "limit misspelt", Approver + "rules:\n  - { name: r, tools: ['*'], effect: allow, approval: { count: 1 }, constraints: { replicas: { maximun: 5 } } }\n", "p.yaml:4:96: rules[0].constraints.replicas.maximun: unknown key (expected one of: minimum, maximum, enum, pattern)" },
        { "enum not a list", Approver + "rules:\n  - { name: r, tools: ['*'], effect: allow, approval: { count: 1 }, constraints: { mode: { enum: fast } } }\n", "p.yaml:4:98: rules[0].constraints.mode.enum: must be a list (got fast)" },
        { "window not a map", "freezeWindows:\n  - weekend\n", "p.yaml:2:5: freezeWindows[0]: must be a map (got weekend)" },
        { "window without name", "freezeWindows:\n  - { timeZone: UTC, start: '01:00', end: '02:00' }\n", "p.yaml:2:5: freezeWindows[0].name: is required" },
        { "window with a misspelt key", "freezeWindows:\n  - { name: w, timeZone: UTC, start: '01:00', end: '02:00', day: [sat] }\n", "p.yaml:2:61: freezeWindows[0].day: unknown key (expected one of: name, namespaces, from, to, timeZone, days, start, end)" },
        { "days not a list", "freezeWindows:\n  - { name: w, timeZone: UTC, days: sat, start: '01:00', end: '02:00' }\n", "p.yaml:2:37: freezeWindows[0].days: must be a list (got sat)" },
        { "recurring without zone", "freezeWindows:\n  - { name: w, start: '01:00', end: '02:00' }\n", "p.yaml:2:5: freezeWindows[0].timeZone: is required (or from/to for a one-off window)" },
        { "one group unknown, no quorum error", Approver + "rules:\n  - { name: r, tools: ['*'], effect: allow, approval: { count: 2, groups: [sre, ops] } }\n", "p.yaml:4:81: rules[0].approval.groups[1]: group ops has no approvers (known groups: sre)" },
        { "window name not text", "freezeWindows:\n  - { name: [w], timeZone: UTC, start: '01:00', end: '02:00' }\n", "p.yaml:2:13: freezeWindows[0].name: " },
        { "to not a time", "freezeWindows:\n  - { name: w, from: '2026-12-20T00:00:00Z', to: soon }\n", "p.yaml:2:50: freezeWindows[0].to: " },
        { "time zone not text", "freezeWindows:\n  - { name: w, timeZone: [UTC], start: '01:00', end: '02:00' }\n", "p.yaml:2:26: freezeWindows[0].timeZone: must be a string (got a list)" },
        { "minimum not a number", Approver + "rules:\n  - { name: r, tools: ['*'], effect: allow, approval: { count: 1 }, constraints: { replicas: { minimum: lots } } }\n", "p.yaml:4:105: rules[0].constraints.replicas.minimum: must be a number (got lots)" },
        { "invalid group, no unknown-group error for the others", Approver + "rules:\n  - { name: r, tools: ['*'], effect: allow, approval: { count: 1, groups: ['a b', ops] } }\n", "p.yaml:4:76: rules[0].approval.groups[0]: " },
        { "group listed twice, no unknown-group error", Approver + "rules:\n  - { name: r, tools: ['*'], effect: allow, approval: { count: 1, groups: [ops, OPS] } }\n", "p.yaml:4:81: rules[0].approval.groups[1]: group ops is listed twice (group names ignore case)" },
        { "one-off without to", "freezeWindows:\n  - { name: w, from: '2026-12-20T00:00:00Z' }\n", "p.yaml:2:5: freezeWindows[0].to: is required" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void Load_BadShape_ReportsExactlyOneErrorNamingFieldAndRule(string why, string yaml, string expected)
    {
        var errors = PolicyYaml.Errors((File, yaml));

        errors.Should().ContainSingle(why).Which.Should().StartWith(expected, why);
    }

    [Fact]
    public void Load_RecurringWindowWithoutStartOrEnd_ReportsBothAndNothingElse()
    {
        var errors = PolicyYaml.Errors((File, "freezeWindows:\n  - { name: w, timeZone: UTC }\n"));

        errors.Should().Equal("p.yaml:2:5: freezeWindows[0].start: is required", "p.yaml:2:5: freezeWindows[0].end: is required");
    }

    [Theory]
    [InlineData("~\n")]
    [InlineData("null\n")]
    [InlineData("---\n")]
    [InlineData("")]
    public void Load_NullOrEmptyDocument_IsAnEmptyPolicy(string yaml)
    {
        var policy = PolicyYaml.Load((File, yaml));

        policy.Rules.Should().BeEmpty();
        policy.Approvers.Should().BeEmpty();
        policy.FreezeWindows.Should().BeEmpty();
    }

    [Fact]
    public void Load_ApproverWithoutGroups_CanApproveRulesWithoutGroups()
    {
        var policy = PolicyYaml.Load((File, "approvers:\n  - { identity: alice, publicKey: '" + PolicyYaml.AliceKey + "' }\nrules:\n  - { name: r, tools: ['*'], effect: allow, approval: { count: 1 } }\n"));

        policy.Approvers.Should().ContainSingle().Which.Groups.Should().BeEmpty();
        policy.Rules.Should().ContainSingle().Which.Approval.Should().BeEquivalentTo(new ApprovalRequirement { Count = 1, Groups = [] });
        policy.Warnings.Should().BeEmpty();
    }

    [Fact]
    public void Load_SelectorsAndLimitsAsWritten_AreKept()
    {
        var policy = PolicyYaml.Load((File, Approver + """
            rules:
              - { name: r, tools: ['*', scale_deployment], namespaces: ['*', demo], clusters: [prod, 'stage-*'], requesters: ['*'], effect: allow, approval: { count: 1 }, constraints: { replicas: { minimum: -1.5 } } }
            """));

        var rule = policy.Rules.Should().ContainSingle().Which;
        rule.Tools.Should().Equal("*", "scale_deployment");
        rule.Namespaces.Should().Equal("*", "demo");
        rule.Clusters.Should().Equal("prod", "stage-*");
        rule.Requesters.Should().Equal("*");
        rule.Constraints.Should().ContainSingle().Which.Should().BeEquivalentTo(new { Argument = "replicas", Minimum = -1.5, Maximum = (double?)null, Enum = (object?)null, Pattern = (string?)null });
    }
}
