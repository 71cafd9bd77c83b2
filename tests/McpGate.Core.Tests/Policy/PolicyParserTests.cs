using McpGate.Core.Policy;

namespace McpGate.Core.Tests.Policy;

/// <summary>The parser's rules one by one: each bad file gives exactly the error naming the field and the rule.</summary>
public sealed class PolicyParserTests
{
    private const string File = "p.yaml";

    private const string Approver = "approvers:\n  - { identity: alice, groups: [sre], publicKey: '" + PolicyYaml.AliceKey + "' }\n";

    public static TheoryData<string, string, string> BadFiles => new()
    {
        { "two documents", "rules: []\n---\nrules: []\n", $"{File}:3:1: a policy file must hold one YAML document" },
        { "root a list", "- rules\n", $"{File}:1:1: a policy file must be a map" },
        { "root a scalar", "rules\n", $"{File}:1:1: a policy file must be a map" },
        { "group listed twice", "approvers:\n  - { identity: alice, groups: [sre, SRE], publicKey: '" + PolicyYaml.AliceKey + "' }\n", $"{File}:2:38: approvers[0].groups[1]: group sre is listed twice (group names ignore case)" },
        { "group breaking the rule", "approvers:\n  - { identity: alice, groups: [sre, 'on call'], publicKey: '" + PolicyYaml.AliceKey + "' }\n", $"{File}:2:38: approvers[0].groups[1]: \"on call\" {Identities.Rule}" },
        { "identity breaking the rule", "approvers:\n  - { identity: '-alice', groups: [sre], publicKey: '" + PolicyYaml.AliceKey + "' }\n", $"{File}:2:17: approvers[0].identity: \"-alice\" {Identities.Rule}" },
        { "key with a space", "approvers:\n  - { identity: alice, groups: [sre], publicKey: 'ed25519: 11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=' }\n", $"{File}:2:50: approvers[0].publicKey: must be 'ed25519:'" },
        { "key of 33 bytes", "approvers:\n  - { identity: alice, groups: [sre], publicKey: 'ed25519:11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURoA' }\n", $"{File}:2:50: approvers[0].publicKey: must be 'ed25519:'" },
        { "deny with constraints", Approver + "rules:\n  - { name: r, tools: ['*'], effect: deny, constraints: { replicas: { maximum: 1 } } }\n", $"{File}:4:57: rules[0].constraints: deny rules take no constraints" },
        { "count above 100", Approver + "rules:\n  - { name: r, tools: ['*'], effect: allow, approval: { count: 101 } }\n", $"{File}:4:64: rules[0].approval.count: must be between 1 and 100 (got 101)" },
        { "count of 100 out of reach", Approver + "rules:\n  - { name: r, tools: ['*'], effect: allow, approval: { count: 100 } }\n", $"{File}:4:13: rules[0].name: rule r needs 100 approvals but only 1 approver(s) can give one" },
        { "freeze window twice", "freezeWindows:\n  - { name: w, timeZone: UTC, start: '01:00', end: '02:00' }\n  - { name: w, timeZone: UTC, start: '03:00', end: '04:00' }\n", $"{File}:3:13: freezeWindows[1].name: freeze window w is already defined at {File}:2:13" },
        { "unknown group, no quorum error", Approver + "rules:\n  - { name: r, tools: ['*'], effect: allow, approval: { count: 2, groups: [ops] } }\n", $"{File}:4:76: rules[0].approval.groups[0]: group ops has no approvers (known groups: sre)" },
        { "quorum of groups", "approvers:\n  - { identity: alice, groups: [sre], publicKey: '" + PolicyYaml.AliceKey + "' }\n  - { identity: bob, groups: [dev], publicKey: '" + PolicyYaml.BobKey + "' }\nrules:\n  - { name: r, tools: ['*'], effect: allow, approval: { count: 2, groups: [sre] } }\n", $"{File}:5:13: rules[0].name: rule r needs 2 approvals but only 1 approver(s) can give one" },
        { "constraint on a non-parameter", Approver + "rules:\n  - { name: r, tools: ['*'], effect: allow, approval: { count: 1 }, constraints: { Replicas: { maximum: 1 } } }\n", $"{File}:4:84: rules[0].constraints.Replicas: must name a tool parameter (snake_case)" },
        { "minimum above maximum", Approver + "rules:\n  - { name: r, tools: ['*'], effect: allow, approval: { count: 1 }, constraints: { replicas: { minimum: 5, maximum: 4 } } }\n", $"{File}:4:105: rules[0].constraints.replicas.minimum: must not exceed maximum 4" },
        { "empty limits", Approver + "rules:\n  - { name: r, tools: ['*'], effect: allow, approval: { count: 1 }, constraints: { replicas: {} } }\n", $"{File}:4:94: rules[0].constraints.replicas: must set at least one of minimum, maximum, enum, pattern" },
        { "empty enum", Approver + "rules:\n  - { name: r, tools: ['*'], effect: allow, approval: { count: 1 }, constraints: { mode: { enum: [] } } }\n", $"{File}:4:98: rules[0].constraints.mode.enum: must list at least one value" },
        { "null in enum", Approver + "rules:\n  - { name: r, tools: ['*'], effect: allow, approval: { count: 1 }, constraints: { mode: { enum: [a, null] } } }\n", $"{File}:4:102: rules[0].constraints.mode.enum[1]: must be a value" },
        { "map in enum", Approver + "rules:\n  - { name: r, tools: ['*'], effect: allow, approval: { count: 1 }, constraints: { mode: { enum: [{ a: 1 }] } } }\n", $"{File}:4:99: rules[0].constraints.mode.enum[0]: must be a value" },
        { "bad requester", Approver + "rules:\n  - { name: r, tools: ['*'], requesters: ['ci bot'], effect: deny }\n", $"{File}:4:43: rules[0].requesters[0]: must be an identity, '*', or a prefix glob such as 'ci-*'" },
        { "bad cluster", Approver + "rules:\n  - { name: r, tools: ['*'], clusters: ['pr*od'], effect: deny }\n", $"{File}:4:41: rules[0].clusters[0]: must be a name, '*', or a prefix glob" },
        { "duplicate day", "freezeWindows:\n  - { name: w, timeZone: UTC, days: [sat, sat], start: '00:00', end: '24:00' }\n", $"{File}:2:43: freezeWindows[0].days[1]: duplicate day sat" },
        { "start at 24:00", "freezeWindows:\n  - { name: w, timeZone: UTC, start: '24:00', end: '23:00' }\n", $"{File}:2:38: freezeWindows[0].start: must be a local time HH:mm between 00:00 and 23:59 (got \"24:00\")" },
        { "end after 24:00", "freezeWindows:\n  - { name: w, timeZone: UTC, start: '22:00', end: '24:01' }\n", $"{File}:2:52: freezeWindows[0].end: must be a local time HH:mm between 00:00 and 24:00 (got \"24:01\")" },
        { "end without minutes", "freezeWindows:\n  - { name: w, timeZone: UTC, start: '22:00', end: '23' }\n", $"{File}:2:52: freezeWindows[0].end: must be a local time HH:mm" },
        { "recurring without start", "freezeWindows:\n  - { name: w, timeZone: UTC, end: '23:00' }\n", $"{File}:2:5: freezeWindows[0].start: is required" },
        { "recurring without end", "freezeWindows:\n  - { name: w, timeZone: UTC, start: '23:00' }\n", $"{File}:2:5: freezeWindows[0].end: is required" },
        { "one-off without from", "freezeWindows:\n  - { name: w, to: '2026-12-20T00:00:00Z' }\n", $"{File}:2:5: freezeWindows[0].from: is required" },
        { "one-off with days", "freezeWindows:\n  - { name: w, from: '2026-12-20T00:00:00Z', to: '2026-12-21T00:00:00Z', days: [sat] }\n", $"{File}:2:80: freezeWindows[0].days: a one-off window (from/to) takes no recurring schedule" },
        { "one-off with a zone", "freezeWindows:\n  - { name: w, from: '2026-12-20T00:00:00Z', to: '2026-12-21T00:00:00Z', timeZone: UTC }\n", $"{File}:2:84: freezeWindows[0].timeZone: a one-off window (from/to) takes no recurring schedule" },
        { "one-off with an end", "freezeWindows:\n  - { name: w, from: '2026-12-20T00:00:00Z', to: '2026-12-21T00:00:00Z', end: '10:00' }\n", $"{File}:2:79: freezeWindows[0].end: a one-off window (from/to) takes no recurring schedule" },
        { "one-off of no length", "freezeWindows:\n  - { name: w, from: '2026-12-20T00:00:00Z', to: '2026-12-20T01:00:00+01:00' }\n", $"{File}:2:50: freezeWindows[0].to: must be after from" },
        { "timestamp as a date", "freezeWindows:\n  - { name: w, from: '2026-12-20', to: '2026-12-21T00:00:00Z' }\n", $"{File}:2:22: freezeWindows[0].from: must be an ISO 8601 time with an offset" },
        { "timestamp out of range", "freezeWindows:\n  - { name: w, from: '2026-13-20T00:00:00Z', to: '2027-12-21T00:00:00Z' }\n", $"{File}:2:22: freezeWindows[0].from: must be an ISO 8601 time with an offset" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void Load_BadFile_ReportsExactlyTheBrokenRule(string why, string yaml, string expected)
    {
        var errors = PolicyYaml.Errors((File, yaml));

        errors.Should().ContainSingle(why).Which.Should().StartWith(expected, why);
    }

    [Fact]
    public void Load_NamesInAnyCase_AreCanonical()
    {
        var policy = PolicyYaml.Load((File, """
            approvers:
              - { identity: Alice, groups: [SRE, Ops], publicKey: 'ed25519:11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=' }
            rules:
              - { name: r, tools: [scale_deployment], requesters: [CI-*, Bob], clusters: [prod-*], namespaces: [team-*], effect: allow, approval: { count: 1, groups: [Sre] } }
              - { name: d, tools: ['*'], effect: deny }
            """));

        var approver = policy.Approvers.Should().ContainSingle().Which;
        approver.Identity.Should().Be("alice");
        approver.Groups.Should().Equal("sre", "ops");
        var rule = policy.Rules[0];
        rule.Requesters.Should().Equal("ci-*", "bob");
        rule.Clusters.Should().Equal("prod-*");
        rule.Namespaces.Should().Equal("team-*");
        rule.Approval.Should().BeEquivalentTo(new ApprovalRequirement { Count = 1, Groups = ["sre"] });
        rule.SourcePath.Should().Be(File);
        policy.Rules[1].Should().BeEquivalentTo(new { Name = "d", Effect = PolicyEffect.Deny, Approval = (ApprovalRequirement?)null });
        policy.Rules[1].Constraints.Should().BeEmpty();
    }

    [Fact]
    public void Load_Constraints_KeepEveryLimit()
    {
        var policy = PolicyYaml.Load((File, Approver + """
            rules:
              - name: r
                tools: ['*']
                effect: allow
                approval: { count: 1, groups: [sre] }
                constraints:
                  replicas: { minimum: 4, maximum: 4 }
                  mode: { enum: [fast, 2], pattern: '^[a-z0-9]+$' }
            """));

        var rule = policy.Rules.Should().ContainSingle().Which;
        rule.Approval!.Count.Should().Be(1);
        rule.Constraints.Should().HaveCount(2);
        rule.Constraints[0].Should().BeEquivalentTo(new { Argument = "replicas", Minimum = 4.0, Maximum = 4.0 });
        rule.Constraints[1].Argument.Should().Be("mode");
        rule.Constraints[1].Enum.Should().HaveCount(2);
        rule.Constraints[1].Pattern.Should().Be("^[a-z0-9]+$");
        rule.Constraints[1].PatternRegex!.IsMatch("fast").Should().BeTrue();
    }

    [Fact]
    public void Load_FreezeWindows_KeepTheirSchedule()
    {
        var policy = PolicyYaml.Load((File, """
            freezeWindows:
              - { name: night, timeZone: UTC, days: [mon, fri], start: '22:00', end: '06:00', namespaces: [prod] }
              - { name: all-day, timeZone: UTC, start: '00:00', end: '24:00' }
              - { name: holidays, from: '2026-12-20T00:00:00+01:00', to: '2027-01-04T00:00:00Z' }
            """));

        policy.FreezeWindows.Select(w => w.Describe()).Should().Equal(
            "mon, fri 22:00-06:00 UTC",
            "every day 00:00-24:00 UTC",
            "from 2026-12-20T00:00:00+01:00 to 2027-01-04T00:00:00Z");
        policy.FreezeWindows[0].Namespaces.Should().Equal("prod");
        policy.FreezeWindows[0].Days.Should().Equal(DayOfWeek.Monday, DayOfWeek.Friday);
        policy.FreezeWindows[1].Days.Should().BeNull();
        policy.FreezeWindows[2].From.Should().Be(new DateTimeOffset(2026, 12, 19, 23, 0, 0, TimeSpan.Zero));
        policy.FreezeWindows[2].IsRecurring.Should().BeFalse();
    }

    [Theory]
    [InlineData("ed25519:11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=", true)]
    [InlineData("ed25519:11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=\n", false)]
    [InlineData(" ed25519:11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=", false)]
    [InlineData("ED25519:11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=", false)]
    [InlineData("ed25519:", false)]
    [InlineData("ed25519:11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHUQ=", false)]
    public void IsPublicKeyShape_AcceptsOnlyThePrefixAndTheBase64OfThirtyTwoBytes(string key, bool expected)
    {
        PolicyParser.IsPublicKeyShape(key).Should().Be(expected);
    }
}
