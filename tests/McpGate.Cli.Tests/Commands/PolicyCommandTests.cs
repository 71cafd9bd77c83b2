using System.Text.Json.Nodes;
using McpGate.Core.Crypto;
using McpGate.Core.Manifests;
using McpGate.Testing.Files;
using McpGate.Testing.Processes;

namespace McpGate.Cli.Tests.Commands;

/// <summary><c>mcpgate policy check</c> and <c>policy explain</c> through the real executable, with no cluster.</summary>
public sealed class PolicyCommandTests : IDisposable
{
    private const string ScaleDemo = """{"namespace":"demo","name":"web","replicas":3,"reason":"load"}""";

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Check_ShippedPolicy_SummarisesAndWarnsThatNobodyCanApprove()
    {
        var run = await Cli("policy", "check", RepoPaths.Policies);

        run.ExitCode.Should().Be(0, run.ToString());
        run.StandardOutput.Should().Contain("policy OK: 10 rules, 0 approvers, 0 freeze windows")
            .And.Contain("WARNING: no approvers: writes can be proposed but never approved");
    }

    [Fact]
    public async Task Check_InvalidPolicy_ListsEveryErrorWithFileAndLine_ExitsOne()
    {
        var dir = Policy("""
            rules:
              - { name: x, tools: [scale_deployment], effect: allow, approval: { count: 0 } }
              - { name: y }
            """);

        var run = await Cli("policy", "check", dir);

        run.ExitCode.Should().Be(1, run.ToString());
        run.StandardOutput.Should().Contain("policy invalid: 3 errors")
            .And.Contain("p.yaml:2:").And.Contain("rules[0].approval.count: must be between 1 and 100 (got 0)")
            .And.Contain("p.yaml:3:").And.Contain("rules[1].tools: is required").And.Contain("rules[1].effect: is required");
    }

    [Fact]
    public async Task Check_NamesToolsNoManifestDefinesAndWritesNoRuleAllows()
    {
        var dir = Policy($"""
            approvers:
              {Approver("alice", "sre")}
            rules:
              - {"{"} name: typo, tools: [scale_deploymnet], namespaces: [demo], effect: allow, approval: {"{"} count: 1 {"}"} {"}"}
              - {"{"} name: reads, tools: [get_deployment], effect: allow, approval: {"{"} count: 1, groups: [sre] {"}"} {"}"}
            """);

        var run = await Cli("policy", "check", dir, "--json");

        run.ExitCode.Should().Be(0, run.ToString());
        var json = JsonNode.Parse(run.StandardOutput)!;
        json["valid"]!.GetValue<bool>().Should().BeTrue();
        json["rules"]!.GetValue<int>().Should().Be(2);
        json["approvers"]!.GetValue<int>().Should().Be(1);
        var warnings = json["warnings"]!.AsArray().Select(w => w!.GetValue<string>()).ToList();
        warnings.Should().Contain(w => w.Contains("rule typo names tool scale_deploymnet, which no loaded manifest defines", StringComparison.Ordinal));
        warnings.Should().Contain("write tool scale_deployment has no allow rule: every call will be denied (default deny)");
        var writeTools = ManifestLoader.LoadDirectory(RepoPaths.Manifests).Tools.Where(t => t.Access == ToolAccess.Write).Select(t => t.Name).ToList();
        warnings.Should().Contain(writeTools.Select(t => $"write tool {t} has no allow rule: every call will be denied (default deny)"));
        warnings.Should().HaveCount(1 + writeTools.Count, "get_deployment is a known tool, and alice can approve");
    }

    [Fact]
    public async Task Explain_AllowedWrite_NamesRuleConstraintsAndWhoCanApprove()
    {
        var dir = Policy($"""
            approvers:
              {Approver("alice", "sre")}
              {Approver("bob", "dev")}
            rules:
              - name: demo-scaling
                tools: [scale_deployment]
                namespaces: [demo]
                effect: allow
                approval: {"{"} count: 1, groups: [sre] {"}"}
                constraints:
                  replicas: {"{"} maximum: 5 {"}"}
            """);

        var run = await Cli("policy", "explain", "--policies", dir, "--tool", "scale_deployment", "--args", ScaleDemo);

        run.ExitCode.Should().Be(0, run.ToString());
        run.StandardOutput.Should().Contain("allowed").And.Contain("demo-scaling (").And.Contain("p.yaml)")
            .And.Contain("none covers it")
            .And.Contain("pass replicas: 3 is within the maximum of 5")
            .And.Contain("approval: 1 of group sre")
            .And.Contain("who could approve: alice").And.NotContain("bob");
    }

    [Fact]
    public async Task Explain_ConstraintFails_DeniedExitsOne()
    {
        var dir = Policy("""
            rules:
              - { name: small, tools: [scale_deployment], effect: allow, approval: { count: 1 }, constraints: { replicas: { maximum: 2 } } }
            """);

        var run = await Cli("policy", "explain", "--policies", dir, "--tool", "scale_deployment", "--args", ScaleDemo, "--json");

        run.ExitCode.Should().Be(1, run.ToString());
        var json = JsonNode.Parse(run.StandardOutput)!;
        json["allowed"]!.GetValue<bool>().Should().BeFalse();
        json["rule"]!.GetValue<string>().Should().Be("small");
        json["constraints"]![0]!["passed"]!.GetValue<bool>().Should().BeFalse();
        json["approval"].Should().BeNull();
    }

    [Theory]
    [InlineData("2026-12-05T10:00:00+01:00", false, "weekend")]
    [InlineData("2026-12-05T09:30:00Z", false, "weekend")]
    [InlineData("2026-12-04T22:59:59Z", true, null)]
    [InlineData("2026-12-06T23:00:00Z", true, null)]
    public async Task Explain_FreezeWindow_DecidesByTheTimeGiven(string at, bool allowed, string? window)
    {
        var dir = Policy("""
            freezeWindows:
              - { name: weekend, timeZone: Europe/Paris, days: [sat, sun], start: '00:00', end: '24:00' }
            rules:
              - { name: demo, tools: [scale_deployment], namespaces: [demo], effect: allow, approval: { count: 1 } }
            """);

        var run = await Cli("policy", "explain", "--policies", dir, "--tool", "scale_deployment", "--args", ScaleDemo, "--at", at, "--json");

        run.ExitCode.Should().Be(allowed ? 0 : 1, run.ToString());
        var json = JsonNode.Parse(run.StandardOutput)!;
        json["allowed"]!.GetValue<bool>().Should().Be(allowed);
        json["freezeWindows"]!.AsArray().Select(w => w!["name"]!.GetValue<string>()).Should().Equal(window is null ? [] : [window]);
        if (!allowed)
        {
            json["rule"]!.GetValue<string>().Should().Be("freeze:weekend");
        }
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("ci-bot", true)]
    [InlineData("CI-Bot", true)]
    [InlineData("ci-bot2", false)]
    public async Task Explain_As_MatchesRequesterRules(string? requester, bool allowed)
    {
        var dir = Policy("""
            rules:
              - { name: bot, tools: [scale_deployment], requesters: [ci-bot], effect: allow, approval: { count: 1 } }
            """);
        string[] args = ["policy", "explain", "--policies", dir, "--tool", "scale_deployment", "--args", ScaleDemo];

        var run = await Cli(requester is null ? args : [.. args, "--as", requester]);

        run.ExitCode.Should().Be(allowed ? 0 : 1, run.ToString());
        run.StandardOutput.Should().Contain(allowed ? "rule bot allows" : "default-deny");
    }

    [Fact]
    public async Task Explain_ReadTool_PassesThrough()
    {
        var run = await Cli("policy", "explain", "--policies", RepoPaths.Policies, "--tool", "get_deployment", "--args", """{"namespace":"demo","name":"web"}""");

        run.ExitCode.Should().Be(0, run.ToString());
        run.StandardOutput.Should().Contain("read-passthrough").And.NotContain("freeze windows");
    }

    [Theory]
    [InlineData("--tool", "scale_everything", "--tool scale_everything: no such tool (known: apply_manifest, cordon_node, delete_resource, drain_node, get_deployment, list_deployments, nodes_list, nodes_top, patch_resource, pods_top, restart_rollout, resume_cronjob, rollout_history, rollout_status, rollout_undo, scale_deployment, scale_workload, set_image, suspend_cronjob, uncordon_node, update_configmap)")]
    [InlineData("--args", "{not json", "--args: must be a JSON object")]
    [InlineData("--args", "null", "--args: must be a JSON object, not null")]
    [InlineData("--args", """{"namespace":"demo","name":"web","replicas":"three","reason":"x"}""", "replicas")]
    [InlineData("--args", """{"namespace":"demo","name":"web","replicas":3}""", "reason: is required")]
    [InlineData("--at", "2026-12-24T18:00", "--at 2026-12-24T18:00: must be an ISO 8601 time with an offset")]
    [InlineData("--at", "tomorrow", "--at tomorrow: must be an ISO 8601 time with an offset")]
    public async Task Explain_BadInput_ExitsTwoNamingTheOption(string option, string value, string message)
    {
        Dictionary<string, string> options = new(StringComparer.Ordinal) { ["--tool"] = "scale_deployment", ["--args"] = ScaleDemo, [option] = value };

        var run = await Cli(["policy", "explain", "--policies", RepoPaths.Policies, .. options.SelectMany(o => new[] { o.Key, o.Value })]);

        run.ExitCode.Should().Be(2, run.ToString());
        run.StandardError.Should().Contain(message);
    }

    [Theory]
    [InlineData("check")]
    [InlineData("explain")]
    public async Task PolicyCommand_ManifestExpectsAProbeNobodyRegistered_ExitsTwoNamingFileLineAndKnownNames(string subcommand)
    {
        var manifests = Directory.CreateDirectory(_dir.Combine($"manifests-{Guid.NewGuid():N}")).FullName;
        foreach (var file in Directory.EnumerateFiles(RepoPaths.Manifests, "*.yaml"))
        {
            var text = await File.ReadAllTextAsync(file);
            await File.WriteAllTextAsync(Path.Combine(manifests, Path.GetFileName(file)), text.Replace("\n  expect: rollout_complete", "\n  expect: rollout_done", StringComparison.Ordinal));
        }

        var run = subcommand == "check"
            ? await Cli("policy", "check", RepoPaths.Policies, "--manifests", manifests)
            : await Cli("policy", "explain", "--policies", RepoPaths.Policies, "--manifests", manifests, "--tool", "scale_deployment", "--args", ScaleDemo);

        run.ExitCode.Should().Be(2, run.ToString());
        run.StandardError.Should().Contain($"{RepoPaths.ManifestLocation("scale_deployment.yaml", "  expect: ")}: verify.expect: no verification probe is registered as rollout_done (known: job_complete, node_drained, node_schedulable, node_unschedulable, object_gone, object_matches, rollout_complete)");
    }

    private string Policy(string yaml)
    {
        var path = _dir.Write($"policies-{Guid.NewGuid():N}/p.yaml", yaml);
        return Path.GetDirectoryName(path)!;
    }

    private static string Approver(string identity, string group)
    {
        using var key = Ed25519PrivateKey.Generate();
        return $"- {{ identity: {identity}, groups: [{group}], publicKey: '{key.PublicKey}' }}";
    }

    private static Task<ProcessResult> Cli(params string[] arguments) => McpGateCli.RunAsync(arguments);
}
