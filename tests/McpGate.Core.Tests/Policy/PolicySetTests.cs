using McpGate.Core.Policy;
using McpGate.Core.Tests.Manifests;
using McpGate.Testing.Files;

namespace McpGate.Core.Tests.Policy;

public sealed class PolicySetTests
{
    private const string File = "policies/team.yaml";

    [Fact]
    public void LoadDirectory_ShippedDefault_AllowsDemoScalingWithOneSreApproval()
    {
        var policy = PolicySet.LoadDirectory(RepoPaths.Policies);

        policy.Approvers.Should().BeEmpty();
        policy.FreezeWindows.Should().BeEmpty();
        policy.DefaultApprovalExpiry.Should().Be(TimeSpan.FromHours(1));
        policy.Rules.Select(r => r.Name).Should().Equal("demo-scaling", "demo-workload-scaling", "demo-restarts", "demo-images", "demo-rollbacks", "demo-config", "demo-apply-and-patch", "node-maintenance", "node-drains", "staging-deletes");
        policy.Rules.Should().OnlyContain(r => r.Effect == PolicyEffect.Allow && r.Approval!.Count == 1 && r.Approval.Groups.SequenceEqual(new[] { "sre" }));
        var rule = policy.Rules[0];
        rule.Should().BeEquivalentTo(new
        {
            Name = "demo-scaling",
            Tools = new[] { "scale_deployment" },
            Namespaces = new[] { "demo" },
            Clusters = new[] { "*" },
            Requesters = new[] { "*" },
            Effect = PolicyEffect.Allow,
            Approval = new ApprovalRequirement { Count = 1, Groups = ["sre"] },
        });
        rule.Constraints.Should().ContainSingle().Which.Should().BeEquivalentTo(new { Argument = "replicas", Minimum = 0.0, Maximum = 20.0 });
        policy.Warnings.Should().HaveCount(policy.Rules.Count).And.OnlyContain(w => w.Contains("group sre has no approvers yet", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_ValidPolicy_ParsesEverySection()
    {
        var policy = PolicyYaml.Load((File, PolicyYaml.Valid));

        policy.Approvers.Should().Equal(
            new Approver { Identity = "alice", Groups = ["sre"], PublicKey = PolicyYaml.AliceKey } with { Groups = policy.Approvers[0].Groups },
            new Approver { Identity = "bob", Groups = ["dev"], PublicKey = PolicyYaml.BobKey } with { Groups = policy.Approvers[1].Groups });
        policy.Approvers[0].Groups.Should().Equal("sre");
        policy.DefaultApprovalExpiry.Should().Be(TimeSpan.FromMinutes(30));
        policy.FreezeWindows.Should().ContainSingle().Which.Describe().Should().Be("sat, sun 00:00-24:00 Europe/Paris");
        policy.Warnings.Should().BeEmpty();
    }

    [Fact]
    public void LoadDirectory_MissingDirectory_Throws()
    {
        var act = () => PolicySet.LoadDirectory("/nonexistent/policies");

        act.Should().Throw<PolicyValidationException>().Which.Errors.Should().ContainSingle().Which.Should().Contain("not found");
    }

    public static TheoryData<string, string, string, string> BadPolicies => new()
    {
        { "unknown group", "groups: [sre] }\n    constraints", "groups: [ops] }\n    constraints", $"{File}:18:36: rules[0].approval.groups[0]: group ops has no approvers (known groups: dev, sre)" },
        { "key without prefix", "publicKey: 'ed25519:11qY", "publicKey: 'ssh-ed25519:11qY", $"{File}:2:50: approvers[0].publicKey: must be 'ed25519:' followed by the base64 of 32 bytes" },
        { "key of 31 bytes", "'ed25519:11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo='", "'ed25519:11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHUQ='", "approvers[0].publicKey: must be 'ed25519:' followed by the base64 of 32 bytes" },
        { "key not base64", "'ed25519:11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo='", "'ed25519:not base64!'", "approvers[0].publicKey: must be 'ed25519:'" },
        { "duplicate identity", "identity: bob", "identity: alice", $"{File}:3:17: approvers[1].identity: approver alice is already defined at {File}:2:17" },
        { "unknown time zone", "timeZone: Europe/Paris", "timeZone: Mars/Olympus", $"{File}:8:15: freezeWindows[0].timeZone: unknown time zone \"Mars/Olympus\"" },
        { "bad day", "days: [sat, sun]", "days: [sat, sunday]", "freezeWindows[0].days[1]: must be one of mon, tue, wed, thu, fri, sat, sun" },
        { "bad clock time", "start: '00:00'", "start: '25:00'", $"{File}:10:12: freezeWindows[0].start: must be a local time HH:mm" },
        { "empty window", "end: '24:00'", "end: '00:00'", "freezeWindows[0].end: must differ from start" },
        { "recurring without zone", "    timeZone: Europe/Paris\n", "", "freezeWindows[0].timeZone: is required" },
        { "bad effect", "effect: allow", "effect: permit", $"{File}:17:13: rules[0].effect: must be one of allow, deny (got \"permit\")" },
        { "allow without approval", "    approval: { count: 1, groups: [sre] }\n", "", "rules[0].approval: is required for allow rules" },
        { "zero approvals", "count: 1", "count: 0", "rules[0].approval.count: must be between 1 and 100 (got 0)" },
        { "quorum out of reach", "count: 1", "count: 2", $"{File}:14:11: rules[0].name: rule demo-scaling needs 2 approvals but only 1 approver(s) can give one" },
        { "deny with approval", "effect: allow", "effect: deny", "rules[0].approval: deny rules take no approval" },
        { "bad namespace glob", "namespaces: [demo]", "namespaces: ['te*am']", "rules[0].namespaces[0]: must be a name, '*', or a prefix glob" },
        { "bad tool name", "tools: [scale_deployment]", "tools: [Scale]", "rules[0].tools[0]: must be a snake_case tool name or '*'" },
        { "bad constraint value", "maximum: 10", "maximum: ten", "rules[0].constraints.replicas.maximum: must be a number" },
        { "bad constraint pattern", "maximum: 10 }", "pattern: '(' }", "rules[0].constraints.replicas.pattern: is not a valid regular expression" },
        { "unknown key", "approvalExpiry: 30m", "approvalExpiry: 30m\n  approvalExpire: 1h", $"{File}:6:3: defaults.approvalExpire: unknown key" },
        { "bad duration", "approvalExpiry: 30m", "approvalExpiry: soon", "defaults.approvalExpiry: must be a positive duration" },
        { "rules not a list", "rules:\n", "rules: all\nx:\n", "rules: must be a list" },
    };

    [Theory]
    [MemberData(nameof(BadPolicies))]
    public void Load_InvalidPolicy_ReportsFileLineAndField(string edit, string find, string replace, string expected)
    {
        PolicyYaml.Valid.Should().Contain(find, because: edit);
        var yaml = PolicyYaml.Valid.Replace(find, replace, StringComparison.Ordinal);

        var errors = PolicyYaml.Errors((File, yaml));

        errors.Should().Contain(e => e.StartsWith(File + ":", StringComparison.Ordinal) && e.Contains(expected, StringComparison.Ordinal), because: edit);
    }

    public static TheoryData<string, string> BadOneOffWindows => new()
    {
        { "{ name: x, from: '2027-01-04T00:00:00Z', to: '2026-12-20T00:00:00Z' }", "freezeWindows[0].to: must be after from" },
        { "{ name: x, from: '2026-12-20T00:00:00', to: '2027-01-04T00:00:00Z' }", "freezeWindows[0].from: must be an ISO 8601 time with an offset" },
        { "{ name: x, from: '2026-12-20T00:00:00Z' }", "freezeWindows[0].to: is required" },
        { "{ name: x, from: '2026-12-20T00:00:00Z', to: '2027-01-04T00:00:00Z', start: '10:00' }", "freezeWindows[0].start: a one-off window (from/to) takes no recurring schedule" },
    };

    [Theory]
    [MemberData(nameof(BadOneOffWindows))]
    public void Load_InvalidOneOffWindow_ReportsIt(string window, string expected)
    {
        var errors = PolicyYaml.Errors(("w.yaml", $"freezeWindows:\n  - {window}\n"));

        errors.Should().ContainSingle().Which.Should().StartWith("w.yaml:2:").And.Contain(expected);
    }

    [Fact]
    public void Load_ManyErrorsInManyFiles_ReportsAllOfThemAtOnce()
    {
        var first = PolicyYaml.Valid.Replace("effect: allow", "effect: permit", StringComparison.Ordinal).Replace("30m", "forever", StringComparison.Ordinal);
        const string second = """
            defaults: { approvalExpiry: 2h }
            rules:
              - { name: demo-scaling, tools: [scale_deployment], effect: deny }
              - { name: other, tools: ['*'], effect: allow, approval: { count: 1, groups: [ops] } }
            """;

        var act = () => PolicyYaml.Load(("a.yaml", PolicyYaml.Valid), ("b.yaml", first), ("c.yaml", second));

        var errors = act.Should().Throw<PolicyValidationException>().Which.Errors;
        errors.Should().Contain(e => e.StartsWith("b.yaml:17:13: rules[0].effect", StringComparison.Ordinal));
        errors.Should().Contain(e => e.StartsWith("b.yaml:5:19: defaults.approvalExpiry", StringComparison.Ordinal));
        errors.Should().Contain(e => e.StartsWith("b.yaml:2:17: approvers[0].identity: approver alice is already defined at a.yaml:2:17", StringComparison.Ordinal));
        errors.Should().Contain(e => e.StartsWith("c.yaml:1:29: defaults.approvalExpiry: is already set at a.yaml:5:19", StringComparison.Ordinal));
        errors.Should().Contain(e => e.StartsWith("c.yaml:3:13: rules[0].name: rule demo-scaling is already defined at a.yaml:14:11", StringComparison.Ordinal));
        errors.Should().Contain(e => e.StartsWith("c.yaml:4:80: rules[1].approval.groups[0]: group ops has no approvers", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_EmptyFile_IsAnEmptyPolicy()
    {
        var policy = PolicyYaml.Load(("empty.yaml", "# nothing yet\n"));

        policy.Rules.Should().BeEmpty();
        policy.DefaultApprovalExpiry.Should().Be(PolicySet.FallbackApprovalExpiry);
    }
}
