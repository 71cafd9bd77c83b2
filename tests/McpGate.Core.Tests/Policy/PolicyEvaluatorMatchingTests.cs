using McpGate.Core.Manifests;
using McpGate.Core.Policy;

namespace McpGate.Core.Tests.Policy;

/// <summary>Which rule and which freeze window apply: one matching selector is enough, every list is checked.</summary>
public sealed class PolicyEvaluatorMatchingTests
{
    private const string Approvers = """
        approvers:
          - { identity: alice, groups: [sre], publicKey: 'ed25519:11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=' }
          - { identity: bob, groups: [ops], publicKey: 'ed25519:PUAXw+hDiVqStwqnTRt+vJyYLM8uxJaMwM1V8Sr0Zgw=' }

        """;

    private static readonly DateTimeOffset s_thursday = new(2026, 1, 15, 10, 0, 0, TimeSpan.Zero);

    private static PolicyRequest Request(string tool = "scale_deployment", string? ns = "demo", string cluster = "sandbox", string requester = "agent") => new()
    {
        Tool = tool,
        Access = ToolAccess.Write,
        Namespace = ns,
        Cluster = cluster,
        Requester = requester,
        Arguments = new Dictionary<string, object?>(),
        Time = s_thursday,
    };

    private static PolicyEvaluator Evaluator(string yaml) => new(PolicyYaml.Load(("p.yaml", Approvers + yaml)));

    public static TheoryData<string, string, bool> ListedSelectors => new()
    {
        { "tool", "scale_deployment", true },
        { "tool", "restart_deployment", true },
        { "tool", "delete_deployment", false },
        { "namespace", "staging", true },
        { "namespace", "demo", true },
        { "namespace", "prod", false },
        { "cluster", "kind-dev", true },
        { "cluster", "sandbox", true },
        { "cluster", "prod-eu", false },
        { "requester", "claude", true },
        { "requester", "agent", true },
        { "requester", "other", false },
    };

    [Theory]
    [MemberData(nameof(ListedSelectors))]
    public void Evaluate_Rule_MatchesWhenAnyEntryOfEachListMatches(string field, string value, bool allowed)
    {
        var request = field switch
        {
            "tool" => Request(tool: value),
            "namespace" => Request(ns: value),
            "cluster" => Request(cluster: value),
            _ => Request(requester: value),
        };
        var evaluator = Evaluator("""
            rules:
              - name: listed
                tools: [restart_deployment, scale_deployment]
                namespaces: [staging, demo]
                clusters: [kind-*, sandbox]
                requesters: [claude, agent]
                effect: allow
                approval: { count: 1 }
            """);

        var decision = evaluator.Evaluate(request);

        decision.Allowed.Should().Be(allowed);
        decision.RuleName.Should().Be(allowed ? "listed" : "default-deny");
    }

    [Fact]
    public void Evaluate_StarTool_MatchesEveryTool()
    {
        var evaluator = Evaluator("""
            rules:
              - { name: all-tools, tools: ['*'], effect: allow, approval: { count: 1 } }
            """);

        evaluator.Evaluate(Request(tool: "anything_at_all")).RuleName.Should().Be("all-tools");
    }

    [Fact]
    public void Evaluate_FirstMatchingAllowRule_Decides()
    {
        var evaluator = Evaluator("""
            rules:
              - { name: other-ns, tools: ['*'], namespaces: [prod], effect: allow, approval: { count: 2 } }
              - { name: first, tools: ['*'], effect: allow, approval: { count: 1, groups: [sre] } }
              - { name: second, tools: ['*'], effect: allow, approval: { count: 2 } }
            """);

        var decision = evaluator.Evaluate(Request());

        decision.RuleName.Should().Be("first");
        decision.Approval!.Count.Should().Be(1);
    }

    [Fact]
    public void Evaluate_DenyRule_WinsEvenWhenListedAfterTheAllowRule()
    {
        var evaluator = Evaluator("""
            rules:
              - { name: allow-all, tools: ['*'], effect: allow, approval: { count: 1 } }
              - { name: not-prod, tools: ['*'], namespaces: [staging, prod], effect: deny }
            """);

        evaluator.Evaluate(Request(ns: "prod")).Should().BeEquivalentTo(new
        {
            Allowed = false,
            RuleName = "not-prod",
            Reason = "rule not-prod denies scale_deployment in namespace prod on cluster sandbox",
            Approval = (ApprovalRequirement?)null,
        });
        evaluator.Evaluate(Request(ns: "demo")).RuleName.Should().Be("allow-all");
    }

    [Fact]
    public void Evaluate_ClusterScopedTarget_IsNamedAsSuch()
    {
        var evaluator = Evaluator("""
            rules:
              - { name: demo-only, tools: ['*'], namespaces: [demo], effect: allow, approval: { count: 1 } }
            """);

        evaluator.Evaluate(Request(ns: null)).Reason.Should().Be("no rule allows scale_deployment on cluster-scoped objects of cluster sandbox");
    }

    [Fact]
    public void Evaluate_Reason_DescribesAQuorumFromSeveralGroups()
    {
        var evaluator = Evaluator("""
            rules:
              - { name: two, tools: ['*'], effect: allow, approval: { count: 2, groups: [sre, ops] } }
            """);

        var decision = evaluator.Evaluate(Request());

        decision.Reason.Should().Be("rule two allows scale_deployment in namespace demo on cluster sandbox once 2 distinct approvers from group sre or ops approve the proof");
        decision.ApprovalExpiry.Should().Be(PolicySet.FallbackApprovalExpiry);
    }

    [Fact]
    public void Evaluate_Reason_DescribesOneApproverFromAnyGroup()
    {
        var evaluator = Evaluator("""
            rules:
              - { name: one, tools: ['*'], effect: allow, approval: { count: 1 } }
            """);

        evaluator.Evaluate(Request()).Reason.Should().Be("rule one allows scale_deployment in namespace demo on cluster sandbox once 1 approver approves the proof");
    }

    public static TheoryData<string, bool> WindowNamespaces => new()
    {
        { "staging", true },
        { "prod", true },
        { "prod-eu", true },
        { "demo", false },
    };

    [Theory]
    [MemberData(nameof(WindowNamespaces))]
    public void Evaluate_FreezeWindow_CoversAnyOfItsNamespaces(string ns, bool frozen)
    {
        var evaluator = Evaluator("""
            freezeWindows:
              - { name: release, from: '2026-01-15T09:00:00Z', to: '2026-01-15T11:00:00Z', namespaces: [staging, prod*] }
            rules:
              - { name: all, tools: ['*'], effect: allow, approval: { count: 1 } }
            """);

        var decision = evaluator.Evaluate(Request(ns: ns));

        decision.Allowed.Should().Be(!frozen);
        decision.RuleName.Should().Be(frozen ? "freeze:release" : "all");
    }

    [Fact]
    public void Evaluate_FirstCoveringWindow_IsNamed_AndFreezeBeatsAllowRules()
    {
        var evaluator = Evaluator("""
            freezeWindows:
              - { name: later, from: '2026-01-16T09:00:00Z', to: '2026-01-16T11:00:00Z' }
              - { name: now, from: '2026-01-15T09:00:00Z', to: '2026-01-15T11:00:00Z' }
              - { name: also-now, from: '2026-01-15T08:00:00Z', to: '2026-01-15T12:00:00Z' }
            rules:
              - { name: all, tools: ['*'], effect: allow, approval: { count: 1 } }
            """);

        var decision = evaluator.Evaluate(Request());

        decision.Should().BeEquivalentTo(new
        {
            Allowed = false,
            RuleName = "freeze:now",
            Reason = "writes are frozen by window now (from 2026-01-15T09:00:00Z to 2026-01-15T11:00:00Z), so scale_deployment in namespace demo on cluster sandbox must wait until it ends",
        });
    }

    [Fact]
    public void Evaluate_ReadTool_IgnoresFreezeWindowsAndDenyRules()
    {
        var evaluator = Evaluator("""
            freezeWindows:
              - { name: now, from: '2026-01-15T09:00:00Z', to: '2026-01-15T11:00:00Z' }
            rules:
              - { name: none, tools: ['*'], effect: deny }
            """);

        var decision = evaluator.Evaluate(Request(tool: "list_deployments") with { Access = ToolAccess.Read });

        decision.Should().BeEquivalentTo(new
        {
            Allowed = true,
            RuleName = "read-passthrough",
            Reason = "list_deployments only reads, so it passes through without approval",
        });
    }
}
