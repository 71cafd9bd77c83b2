using McpGate.Core.Crypto;
using McpGate.Core.Manifests;
using McpGate.Core.Policy;

namespace McpGate.Core.Tests.Policy;

/// <summary>The policy loader keeps identities canonical: one spelling per person, one key per identity.</summary>
public sealed class PolicyIdentityTests
{
    private const string File = "policies/approvers.yaml";

    // The same 32 bytes as PolicyYaml.AliceKey: base64's last character carries two unused bits.
    private const string AliceKeyRespelled = "ed25519:11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURp=";

    private static readonly string[] s_keys = [.. Enumerable.Range(0, 4).Select(_ => NewKey())];

    private static string NewKey()
    {
        using var key = Ed25519PrivateKey.Generate();
        return key.PublicKey.ToString();
    }

    private static string Approvers(params string[] identities) =>
        "approvers:\n" + string.Concat(identities.Select((id, i) => $"  - {{ identity: {id}, groups: [sre], publicKey: '{s_keys[i]}' }}\n"));

    public static TheoryData<string, string> SameIdentityTwice => new()
    {
        { "capitalised", "Alice" },
        { "upper case", "ALICE" },
        { "mixed case", "aLiCE" },
        { "quoted capital", "\"Alice\"" },
    };

    [Theory]
    [MemberData(nameof(SameIdentityTwice))]
    public void Load_SameCanonicalIdentityTwice_IsRefusedAtTheSecondLine(string why, string second)
    {
        var errors = PolicyYaml.Errors((File, Approvers("alice", second)));

        errors.Should().ContainSingle(why).Which.Should().StartWith($"{File}:3:17: approvers[1].identity: approver alice is already defined at {File}:2:17")
            .And.Contain("ignoring case");
    }

    public static TheoryData<string, string, string> ForbiddenIdentities => new()
    {
        { "trailing newline", "\"alice\\n\"", "\"alice\\u000A\"" },
        { "CRLF", "\"alice\\r\\n\"", "\"alice\\u000D\\u000A\"" },
        { "NUL", "\"alice\\0\"", "\"alice\\u0000\"" },
        { "tab", "\"alice\\t\"", "\"alice\\u0009\"" },
        { "zero-width joiner", "\"al\\u200Dice\"", "\"al\\u200Dice\"" },
        { "bidi override", "\"alice\\u202E\"", "\"alice\\u202E\"" },
        { "Hangul filler", "\"alice\\u3164\"", "\"alice\\u3164\"" },
        { "NFD e acute", "\"e\\u0301lise\"", "\"e\\u0301lise\"" },
        { "NFC e acute", "\"\\u00E9lise\"", "\"\\u00E9lise\"" },
        { "trailing space", "\"alice \"", "\"alice \"" },
        { "leading space", "\" alice\"", "\" alice\"" },
        { "Kelvin sign", "\"\\u212Aate\"", "\"\\u212Aate\"" },
    };

    [Theory]
    [MemberData(nameof(ForbiddenIdentities))]
    public void Load_IdentityBreakingTheRule_IsRefusedWithTheRule(string why, string yaml, string shown)
    {
        var errors = PolicyYaml.Errors((File, Approvers("alice", yaml)));

        errors.Should().ContainSingle(why).Which.Should().Be($"{File}:3:17: approvers[1].identity: {shown} {Identities.Rule}");
    }

    [Fact]
    public void Load_AliceSpelledThreeWays_ReportsEveryProblemAtOnce()
    {
        var errors = PolicyYaml.Errors((File, Approvers("alice", "Alice", "\"alice\\n\"", "ALICE")));

        errors.Should().HaveCount(3);
        errors.Should().Contain(e => e.StartsWith($"{File}:3:17: approvers[1].identity: approver alice is already defined at {File}:2:17", StringComparison.Ordinal));
        errors.Should().Contain(e => e.StartsWith($"{File}:4:17: approvers[2].identity: \"alice\\u000A\" must be", StringComparison.Ordinal));
        errors.Should().Contain(e => e.StartsWith($"{File}:5:17: approvers[3].identity: approver alice is already defined at {File}:2:17", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_SameIdentityInTwoFiles_IsRefused()
    {
        var second = $"approvers:\n  - {{ identity: x, publicKey: '{s_keys[1]}' }}\n  - {{ identity: ALICE, publicKey: '{s_keys[2]}' }}\n";

        var errors = PolicyYaml.Errors(("a.yaml", Approvers("alice")), ("b.yaml", second));

        errors.Should().ContainSingle().Which.Should().StartWith("b.yaml:3:17: approvers[1].identity: approver alice is already defined at a.yaml:2:17");
    }

    public static TheoryData<string, string> SharedKeys => new()
    {
        { "same spelling", PolicyYaml.AliceKey },
        { "other base64 spelling of the same bytes", AliceKeyRespelled },
    };

    [Theory]
    [MemberData(nameof(SharedKeys))]
    public void Load_OneKeyUnderTwoIdentities_IsRefusedAtTheSecondKey(string why, string bobKey)
    {
        Convert.FromBase64String(AliceKeyRespelled["ed25519:".Length..]).Should().Equal(Convert.FromBase64String(PolicyYaml.AliceKey["ed25519:".Length..]));
        var yaml = $"""
            approvers:
              - {"{"} identity: alice, groups: [sre], publicKey: '{PolicyYaml.AliceKey}' {"}"}
              - {"{"} identity: bob, groups: [sre], publicKey: '{bobKey}' {"}"}
            """;

        var errors = PolicyYaml.Errors((File, yaml));

        errors.Should().ContainSingle(why).Which.Should().Be(
            $"{File}:3:48: approvers[1].publicKey: approver bob uses the same public key as approver alice at {File}:2:50; one key belongs to one identity, so each approver needs a key of their own");
    }

    [Fact]
    public void Load_OneKeyUnderThreeIdentities_NamesTheFirstHolderInEachError()
    {
        var yaml = $"""
            approvers:
              - {"{"} identity: alice, publicKey: '{PolicyYaml.AliceKey}' {"}"}
              - {"{"} identity: bob, publicKey: '{PolicyYaml.AliceKey}' {"}"}
              - {"{"} identity: carol, publicKey: '{PolicyYaml.AliceKey}' {"}"}
            """;

        var errors = PolicyYaml.Errors((File, yaml));

        errors.Should().HaveCount(2);
        errors.Should().AllSatisfy(e => e.Should().Contain($"uses the same public key as approver alice at {File}:2:"));
        errors[1].Should().Contain("approver carol uses");
    }

    [Fact]
    public void Load_OneKeyUnderTwoIdentitiesInTwoFiles_IsRefused()
    {
        var first = $"approvers:\n  - {{ identity: alice, publicKey: '{PolicyYaml.AliceKey}' }}\n";
        var second = $"approvers:\n  - {{ identity: carol, publicKey: '{AliceKeyRespelled}' }}\n";

        var errors = PolicyYaml.Errors(("a.yaml", first), ("b.yaml", second));

        errors.Should().ContainSingle().Which.Should().StartWith("b.yaml:2:35: approvers[0].publicKey: approver carol uses the same public key as approver alice at a.yaml:2:35");
    }

    [Fact]
    public void Load_MixedCaseNames_AreStoredCanonical()
    {
        var yaml = $"""
            approvers:
              - {"{"} identity: Alice, groups: [SRE, Oncall], publicKey: '{PolicyYaml.AliceKey}' {"}"}
            rules:
              - name: r
                tools: [scale_deployment]
                requesters: [CI-*, Deploy-Bot]
                effect: allow
                approval: {"{"} count: 1, groups: [Sre] {"}"}
            """;

        var policy = PolicyYaml.Load((File, yaml));

        policy.Approvers.Should().ContainSingle().Which.Identity.Should().Be("alice");
        policy.Approvers[0].Groups.Should().Equal("sre", "oncall");
        policy.Rules[0].Requesters.Should().Equal("ci-*", "deploy-bot");
        policy.Rules[0].Approval!.Groups.Should().Equal("sre");
    }

    public static TheoryData<string, string, string> BadSelectors => new()
    {
        { "requester with newline", "requesters: [\"bot\\n\"]", "rules[0].requesters[0]: must be an identity" },
        { "requester with space", "requesters: ['de ploy']", "rules[0].requesters[0]: must be an identity" },
        { "requester glob inside", "requesters: ['b*t']", "rules[0].requesters[0]: must be an identity" },
        { "requester with zero-width joiner", "requesters: [\"b\\u200Dot\"]", "rules[0].requesters[0]: must be an identity" },
        { "namespace with newline", "namespaces: [\"demo\\n\"]", "rules[0].namespaces[0]: must be a name" },
        { "namespace with NUL", "namespaces: [\"demo\\0\"]", "rules[0].namespaces[0]: must be a name" },
        { "namespace with bidi override", "namespaces: [\"demo\\u202E\"]", "rules[0].namespaces[0]: must be a name" },
        { "group with newline", "groups: [\"sre\\n\"]", "rules[0].approval.groups[0]: \"sre\\u000A\" must be" },
        { "group twice", "groups: [sre, SRE]", "rules[0].approval.groups[1]: group sre is listed twice" },
    };

    [Theory]
    [MemberData(nameof(BadSelectors))]
    public void Load_SelectorBreakingItsRule_IsRefused(string why, string line, string expected)
    {
        var yaml = $"""
            approvers:
              - {"{"} identity: alice, groups: [sre], publicKey: '{PolicyYaml.AliceKey}' {"}"}
            rules:
              - name: r
                tools: [scale_deployment]
                {(line.StartsWith("groups", StringComparison.Ordinal) ? "requesters: ['*']" : line)}
                effect: allow
                approval: {"{"} count: 1, {(line.StartsWith("groups", StringComparison.Ordinal) ? line : "groups: [sre]")} {"}"}
            """;

        var errors = PolicyYaml.Errors((File, yaml));

        errors.Should().Contain(e => e.StartsWith(File + ":", StringComparison.Ordinal) && e.Contains(expected, StringComparison.Ordinal), why);
    }

    public static TheoryData<string, bool> RequesterSpellings => new()
    {
        { "deploy-bot", true },
        { "Deploy-Bot", true },
        { "DEPLOY-BOT", true },
        { "ci-runner", true },
        { "CI-Runner", true },
        { "other", false },
        { "deploy-bot\n", false },
    };

    [Theory]
    [MemberData(nameof(RequesterSpellings))]
    public void Evaluate_RequesterSelector_MatchesTheCanonicalRequester(string requester, bool allowed)
    {
        var yaml = $"""
            approvers:
              - {"{"} identity: alice, groups: [sre], publicKey: '{PolicyYaml.AliceKey}' {"}"}
            rules:
              - {"{"} name: bots, tools: [scale_deployment], requesters: [Deploy-Bot, ci-*], effect: allow, approval: {"{"} count: 1 {"}"} {"}"}
            """;
        var evaluator = new PolicyEvaluator(PolicyYaml.Load((File, yaml)));

        var decision = evaluator.Evaluate(new PolicyRequest
        {
            Tool = "scale_deployment",
            Access = ToolAccess.Write,
            Namespace = "demo",
            Cluster = "sandbox",
            Requester = requester,
            Arguments = new Dictionary<string, object?>(),
            Time = DateTimeOffset.UnixEpoch,
        });

        decision.Allowed.Should().Be(allowed);
        decision.RuleName.Should().Be(allowed ? "bots" : "default-deny");
    }
}
