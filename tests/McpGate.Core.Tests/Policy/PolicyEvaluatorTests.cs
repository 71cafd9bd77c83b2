using McpGate.Core.Manifests;
using McpGate.Core.Policy;
using McpGate.Core.Tests.Manifests;
using McpGate.Testing.Files;

namespace McpGate.Core.Tests.Policy;

public sealed class PolicyEvaluatorTests
{
    private static readonly DateTimeOffset s_weekday = new(2026, 1, 15, 10, 0, 0, TimeSpan.Zero); // a Thursday

    private static PolicyRequest Scale(string? ns = "demo", long? replicas = 5, string cluster = "sandbox", string requester = "agent", DateTimeOffset? time = null) => new()
    {
        Tool = "scale_deployment",
        Access = ToolAccess.Write,
        Namespace = ns,
        Cluster = cluster,
        Requester = requester,
        Arguments = replicas is null
            ? new Dictionary<string, object?> { ["name"] = "web" }
            : new Dictionary<string, object?> { ["name"] = "web", ["replicas"] = replicas.Value },
        Time = time ?? s_weekday,
    };

    private static PolicyEvaluator Evaluator(string yaml) => new(PolicyYaml.Load(("p.yaml", yaml)));

    [Fact]
    public void Evaluate_ReadTool_PassesThroughWithoutApproval()
    {
        var decision = Evaluator(PolicyYaml.Valid).Evaluate(Scale("prod") with { Tool = "list_deployments", Access = ToolAccess.Read });

        decision.Should().BeEquivalentTo(new { Allowed = true, DecisionReason = DecisionReason.ReadPassthrough, RuleName = "read-passthrough", Approval = (ApprovalRequirement?)null });
        decision.Constraints.Should().BeEmpty();
    }

    [Fact]
    public void Evaluate_DeniesWrite_WhenNoRuleAllowsIt()
    {
        var decision = Evaluator(PolicyYaml.Valid).Evaluate(Scale("prod"));

        decision.Allowed.Should().BeFalse();
        decision.RuleName.Should().Be("default-deny");
        decision.DecisionReason.Should().Be(DecisionReason.DefaultDeny);
        decision.Reason.Should().Be("no rule allows scale_deployment in namespace prod on cluster sandbox");
        decision.Approval.Should().BeNull();
    }

    [Fact]
    public void Evaluate_AllowsWrite_WithTheRulesApprovalRequirement()
    {
        var decision = Evaluator(PolicyYaml.Valid).Evaluate(Scale());

        decision.Allowed.Should().BeTrue();
        decision.RuleName.Should().Be("demo-scaling");
        decision.DecisionReason.Should().Be(DecisionReason.AllowedByRule);
        decision.Reason.Should().Be("rule demo-scaling allows scale_deployment in namespace demo on cluster sandbox once 1 approver from group sre approves the proof");
        decision.Approval!.Count.Should().Be(1);
        decision.Approval.Groups.Should().Equal("sre");
        decision.ApprovalExpiry.Should().Be(TimeSpan.FromMinutes(30));
        decision.Constraints.Should().BeEquivalentTo(new[]
        {
            new ConstraintCheck { Argument = "replicas", Rule = "minimum", Passed = true, Detail = "replicas: 5 meets the minimum of 0 set by rule demo-scaling" },
            new ConstraintCheck { Argument = "replicas", Rule = "maximum", Passed = true, Detail = "replicas: 5 is within the maximum of 10 set by rule demo-scaling" },
        });
    }

    [Fact]
    public void Evaluate_ShippedDefaultPolicy_AllowsDemoAndDeniesProd()
    {
        var evaluator = new PolicyEvaluator(PolicySet.LoadDirectory(RepoPaths.Policies));

        evaluator.Evaluate(Scale(replicas: 20, cluster: "kind-dev", requester: "claude")).Should().BeEquivalentTo(new { Allowed = true, ApprovalExpiry = TimeSpan.FromHours(1) });
        evaluator.Evaluate(Scale(replicas: 21)).Reason.Should().Be("replicas: 21 exceeds the maximum of 20 set by rule demo-scaling");
        evaluator.Evaluate(Scale("prod")).RuleName.Should().Be("default-deny");
    }

    [Fact]
    public void Evaluate_DenyRule_WinsOverAnEarlierAllowRule()
    {
        var yaml = PolicyYaml.Valid + """

              - { name: no-agent-x, tools: ['*'], requesters: [agent-x], effect: deny }
            """;

        var evaluator = Evaluator(yaml);

        var decision = evaluator.Evaluate(Scale(requester: "agent-x"));
        decision.Allowed.Should().BeFalse();
        decision.RuleName.Should().Be("no-agent-x");
        decision.DecisionReason.Should().Be(DecisionReason.DeniedByRule);
        decision.Reason.Should().Be("rule no-agent-x denies scale_deployment in namespace demo on cluster sandbox");
        evaluator.Evaluate(Scale(requester: "agent-y")).Allowed.Should().BeTrue();
    }

    [Fact]
    public void Evaluate_DeniesWrite_WhenAConstraintFails()
    {
        var decision = Evaluator(PolicyYaml.Valid).Evaluate(Scale(replicas: 50));

        decision.Allowed.Should().BeFalse();
        decision.RuleName.Should().Be("demo-scaling");
        decision.DecisionReason.Should().Be(DecisionReason.ConstraintFailed);
        decision.Reason.Should().Be("replicas: 50 exceeds the maximum of 10 set by rule demo-scaling");
        decision.Approval.Should().BeNull();
        decision.Constraints.Should().ContainSingle(c => !c.Passed).Which.Rule.Should().Be("maximum");
    }

    [Fact]
    public void Evaluate_DeniesWrite_WhenAConstrainedArgumentIsMissing()
    {
        var decision = Evaluator(PolicyYaml.Valid).Evaluate(Scale(replicas: null));

        decision.Allowed.Should().BeFalse();
        decision.Reason.Should().Contain("replicas: is not supplied, but rule demo-scaling limits it to a minimum of 0");
    }

    [Fact]
    public void Evaluate_EnumAndPatternConstraints_AreChecked()
    {
        const string yaml = """
            approvers: [{ identity: alice, publicKey: 'ed25519:11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=' }]
            rules:
              - name: web-only
                tools: [scale_deployment]
                effect: allow
                approval: { count: 1 }
                constraints:
                  name: { pattern: 'web-[a-z]', enum: [web-a, web-b] }
                  replicas: { enum: [1, 3] }
            """;
        var evaluator = Evaluator(yaml);

        evaluator.Evaluate(Scale(replicas: 3) with { Arguments = new Dictionary<string, object?> { ["name"] = "web-a", ["replicas"] = 3L } })
            .Allowed.Should().BeTrue();
        var denied = evaluator.Evaluate(Scale(replicas: 2));
        denied.Allowed.Should().BeFalse();
        denied.Reason.Should().Be(
            "name: \"web\" is not one of \"web-a\", \"web-b\" allowed by rule web-only; "
            + "name: \"web\" does not match the pattern web-[a-z] required by rule web-only; "
            + "replicas: 2 is not one of 1, 3 allowed by rule web-only");
    }

    public static TheoryData<string, string?, bool> NamespaceGlobs => new()
    {
        { "team-*", "team-a", true },
        { "team-*", "team-payments", true },
        { "team-*", "teams", false },
        { "team-*", "team", false },
        { "team-*", null, false },
        { "*", "anything", true },
        { "*", null, true },
        { "demo", "demo", true },
        { "demo", "demo2", false },
    };

    [Theory]
    [MemberData(nameof(NamespaceGlobs))]
    public void Evaluate_NamespaceSelector_MatchesExactNamesStarAndPrefixGlobs(string selector, string? ns, bool allowed)
    {
        var yaml = PolicyYaml.Valid.Replace("namespaces: [demo]", $"namespaces: ['{selector}']", StringComparison.Ordinal);

        Evaluator(yaml).Evaluate(Scale(ns)).Allowed.Should().Be(allowed);
    }

    [Fact]
    public void Evaluate_ClusterAndRequesterSelectors_LimitTheRule()
    {
        var yaml = PolicyYaml.Valid.Replace("namespaces: [demo]", "namespaces: [demo]\n    clusters: [kind-*]\n    requesters: [claude]", StringComparison.Ordinal);
        var evaluator = Evaluator(yaml);

        evaluator.Evaluate(Scale(cluster: "kind-dev", requester: "claude")).Allowed.Should().BeTrue();
        evaluator.Evaluate(Scale(cluster: "prod-eu", requester: "claude")).Reason.Should().Be("no rule allows scale_deployment in namespace demo on cluster prod-eu");
        evaluator.Evaluate(Scale(cluster: "kind-dev", requester: "other")).RuleName.Should().Be("default-deny");
    }

    public static TheoryData<string[], string[], bool> Approvals => new()
    {
        { ["sre"], ["sre"], true },
        { ["dev", "sre"], ["sre"], true },
        { ["dev"], ["sre"], false },
        { [], ["sre"], false },
        { [], [], true },
        { ["dev"], ["sre", "dev"], true },
    };

    [Theory]
    [MemberData(nameof(Approvals))]
    public void CanApprove_GroupMembership_Decides(string[] approverGroups, string[] requiredGroups, bool expected)
    {
        var approver = new Approver { Identity = "alice", Groups = approverGroups, PublicKey = PolicyYaml.AliceKey };

        PolicyEvaluator.CanApprove(approver, new ApprovalRequirement { Count = 1, Groups = requiredGroups }).Should().Be(expected);
    }
}
