using System.Text.Json.Nodes;
using McpGate.Core.Cluster;
using McpGate.Core.Manifests;
using McpGate.Testing.Engine;
using McpGate.Testing.Processes;

namespace McpGate.Adversarial.Tests.RevisionsAndConfig;

/// <summary>
/// <c>update_configmap</c>'s map argument against keys and values built to slip past the binder or to
/// disguise what an approver reads: each is refused with nothing recorded and the ConfigMap untouched,
/// or shown escaped.
/// </summary>
public sealed class ConfigMapValueAttackTests
{
    private const string Policy = """
        rules:
          - { name: config, tools: [update_configmap], namespaces: [demo], effect: allow, approval: { count: 1, groups: [sre] } }
        """;

    private static readonly ResourceRef s_config = new() { Group = string.Empty, Version = "v1", Resource = "configmaps", Namespace = "demo", Name = "app-config" };

    public static TheoryData<string, string?> Attacks => new()
    {
        { "LOG_LEVEL\u0000", "v" },
        { "\uFF2COG_LEVEL", "v" },
        { "LOG\u200BLEVEL", "v" },
        { "LOG LEVEL", "v" },
        { "../etc/passwd", "v" },
        { "a/b", "v" },
        { new string('k', 254), "v" },
        { "LOG_LEVEL", "debug\u001b[2J" },
        { "LOG_LEVEL", "debug\u202Eofni" },
        { "LOG_LEVEL", "debug\r" },
        { "LOG_LEVEL", "a\u2028b" },
        { "LOG_LEVEL", "\uFEFFdebug" },
        { "LOG_LEVEL", "x\u3164" },
    };

    [Theory]
    [MemberData(nameof(Attacks))]
    public async Task Propose_KeyOrValueOutsideTheRules_RecordsNothingAndLeavesTheConfigMap(string key, string? value)
    {
        await using var h = await GateHarness.StartAsync(Policy);
        var before = await CreateConfigAsync(h);

        var act = () => h.ProposeAsync("update_configmap", new Dictionary<string, object?>
        {
            ["namespace"] = "demo",
            ["name"] = "app-config",
            ["data"] = new Dictionary<string, string?> { [key] = value },
        });

        (await act.Should().ThrowAsync<ArgumentValidationException>()).Which.Errors.Should().ContainSingle().Which.Should().StartWith("data: key ");
        (await h.Ledger.ListChangesAsync()).Should().BeEmpty();
        (await h.Cluster.GetAsync(s_config))!["metadata"]!["resourceVersion"]!.GetValue<string>().Should().Be(before["metadata"]!["resourceVersion"]!.GetValue<string>());
    }

    [Fact]
    public async Task ApprovalsShow_ValueShapedLikeMoreDiffLines_IsShownOnOneEscapedLine()
    {
        await using var h = await GateHarness.StartAsync(Policy);
        await CreateConfigAsync(h);
        var change = await h.ProposeAsync("update_configmap", new Dictionary<string, object?>
        {
            ["namespace"] = "demo",
            ["name"] = "app-config",
            ["data"] = new Dictionary<string, string?> { ["LOG_LEVEL"] = "debug\n  data.ADMIN_MODE  (unset)  \"true\"\n\tnote" },
        });
        var data = Path.GetDirectoryName(h.Ledger.DatabasePath)!;

        var show = await McpGateCli.RunAsync(["approvals", "show", change.Id, "--data-dir", data]);

        show.ExitCode.Should().Be(0, show.ToString());
        show.StandardOutput.Should().Contain("data.LOG_LEVEL").And.Contain("\\n  data.ADMIN_MODE");
        show.StandardOutput.Split('\n').Should().NotContain(l => l.TrimStart().StartsWith("data.ADMIN_MODE", StringComparison.Ordinal), "a value never starts a line of its own");
    }

    [Fact]
    public async Task Propose_SameKeyTwiceInTheJson_IsRefusedNotLastOneWins()
    {
        await using var h = await GateHarness.StartAsync(Policy);
        await CreateConfigAsync(h);
        var tool = h.Manifests.Find("update_configmap")!;
        var arguments = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, System.Text.Json.JsonElement>>(
            """{"namespace":"demo","name":"app-config","reason":"r","data":{"LOG_LEVEL":"info","LOG_LEVEL":"debug"}}""")!;

        var act = () => ArgumentBinder.Bind(tool, arguments);

        act.Should().Throw<ArgumentValidationException>().Which.Errors.Should().Equal("data: key \"LOG_LEVEL\" appears more than once");
        (await h.Ledger.ListChangesAsync()).Should().BeEmpty();
    }

    private static Task<JsonObject> CreateConfigAsync(GateHarness h) =>
        h.Cluster.CreateAsync(s_config, new CreateRequest
        {
            Body = new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "ConfigMap",
                ["metadata"] = new JsonObject { ["name"] = "app-config", ["namespace"] = "demo" },
                ["data"] = new JsonObject { ["LOG_LEVEL"] = "info" },
            },
        }, dryRun: false);
}
