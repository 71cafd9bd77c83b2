using System.Text.Json.Nodes;
using McpGate.Core.Approvals;
using McpGate.Core.Changes;
using McpGate.Core.Operations;
using McpGate.Core.Policy;
using McpGate.Core.Proofs;
using McpGate.Core.Tests.Policy;

namespace McpGate.Core.Tests.Approvals;

/// <summary>The policy's decision on a proven change now: judged on the signed claims, by requester, cluster and namespace.</summary>
public sealed class CurrentPolicyTests
{
    private static readonly DateTimeOffset s_now = new(2026, 1, 15, 10, 0, 0, TimeSpan.Zero);

    private const string Rules = """
        approvers:
          - { identity: alice, groups: [sre], publicKey: 'ed25519:11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=' }
        rules:
          - { name: ci-on-prod, tools: [scale_deployment], namespaces: [demo], clusters: [prod], requesters: ['ci-*'], effect: allow, approval: { count: 1, groups: [sre] } }
        """;

    public static TheoryData<string, bool> Claims => new()
    {
        { "as allowed", true },
        { "another requester", false },
        { "another cluster", false },
        { "another namespace", false },
        { "another tool", false },
    };

    [Theory]
    [MemberData(nameof(Claims))]
    public void Evaluate_JudgesTheSignedRequesterClusterNamespaceAndTool(string edit, bool allowed)
    {
        var evaluator = new PolicyEvaluator(PolicyYaml.Load(("p.yaml", Rules)));
        var claims = Proven();
        claims = edit switch
        {
            "another requester" => claims with { Requester = "alice" },
            "another cluster" => claims with { Cluster = "sandbox" },
            "another namespace" => claims with { Target = claims.Target with { Namespace = "prod" } },
            "another tool" => claims with { Tool = "restart_deployment" },
            _ => claims,
        };

        var decision = CurrentPolicy.Evaluate(evaluator, claims, s_now);

        decision.Allowed.Should().Be(allowed, edit);
        decision.RuleName.Should().Be(allowed ? "ci-on-prod" : "default-deny");
    }

    [Fact]
    public void Evaluate_NullArguments_ThrowNamingThem()
    {
        var evaluator = new PolicyEvaluator(PolicyYaml.Load(("p.yaml", Rules)));

        var noEvaluator = () => CurrentPolicy.Evaluate(null!, Proven(), s_now);
        var noClaims = () => CurrentPolicy.Evaluate(evaluator, null!, s_now);
        var noArguments = () => CurrentPolicy.ArgumentValues(null!);

        noEvaluator.Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("evaluator");
        noClaims.Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("claims");
        noArguments.Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("arguments");
    }

    private static ProofClaims Proven() => new()
    {
        ChangeId = "chg-abcdefgh2345",
        Tool = "scale_deployment",
        Requester = "ci-deploy",
        Reason = "r",
        Diff = [],
        Checks = [],
        Cluster = "prod",
        Target = new ChangeTarget { Group = "apps", Version = "v1", Resource = "deployments", Namespace = "demo", Name = "web" },
        Patch = new JsonObject(),
        Request = WriteRequest.Legacy(new ChangeTarget { Group = "apps", Version = "v1", Resource = "deployments", Namespace = "demo", Name = "web" }, new JsonObject(), "1"),
        Arguments = new JsonObject { ["replicas"] = 3 },
        PolicyAllowed = true,
        PolicyRule = "ci-on-prod",
        PolicyReason = "allowed",
        ObservedResourceVersion = "1",
        RequiredApprovals = 1,
        ApproverGroups = ["sre"],
        ExpiresAt = s_now.AddHours(1),
    };
}
