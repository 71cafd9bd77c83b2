using System.Text.Json;
using System.Text.Json.Nodes;
using McpGate.Core.Cluster;
using McpGate.Testing.Mcp;
using McpGate.Testing.Processes;

namespace McpGate.EndToEnd.Tests;

/// <summary><c>delete_resource</c> through a real MCP client, approved with the real CLI, against a sandbox the test also reaches.</summary>
public sealed class DeleteResourceTests(ClusterGateFixture gate) : IClassFixture<ClusterGateFixture>
{
    private static readonly TimeSpan s_testTimeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task DeleteResource_ConfigMapInStaging_IsDeletedAfterApproval_AndTheReCreateInverseIsSigned()
    {
        using var timeout = new CancellationTokenSource(s_testTimeout);
        var ct = timeout.Token;
        var uid = await CreateConfigMapAsync("staging", "e2e-settings", ct);

        var proposal = await ProposeAsync("staging", "e2e-settings", ct);
        proposal.GetProperty("status").GetString().Should().Be("pending_approval", proposal.ToString());
        (await gate.Cluster.GetAsync(ConfigMap("staging", "e2e-settings"), ct)).Should().NotBeNull("nothing is deleted before approval");
        var changeId = proposal.GetProperty("changeId").GetString()!;

        await gate.ApproveAsync(changeId);
        var final = await gate.Client.CallOkAsync("get_change", new() { ["change_id"] = changeId, ["wait_seconds"] = 60 }, cancellationToken: ct);

        final.GetProperty("status").GetString().Should().Be("verified", final.ToString());
        (await gate.Cluster.GetAsync(ConfigMap("staging", "e2e-settings"), ct)).Should().BeNull();
        var request = (await DocumentAsync(changeId))["request"]!;
        request["steps"]![0]!["verb"]!.GetValue<string>().Should().Be("delete");
        request["steps"]![0]!["precondition"]!["uid"]!.GetValue<string>().Should().Be(uid);
        request["steps"]![0]!["precondition"]!["resourceVersion"].Should().NotBeNull();
        request["steps"]![0]!["propagation"]!.GetValue<string>().Should().Be("background");
        var inverse = request["inverse"]!.AsArray().Should().ContainSingle().Subject!;
        inverse["verb"]!.GetValue<string>().Should().Be("create");
        inverse["body"]!["data"]!["mode"]!.GetValue<string>().Should().Be("blue");
        inverse["body"]!["metadata"]!.AsObject().Select(p => p.Key).Should().NotContain(["uid", "resourceVersion", "creationTimestamp", "managedFields"]);
    }

    [Fact]
    public async Task DeleteResource_InDemo_IsDeniedByPolicy_AndTheObjectStays()
    {
        using var timeout = new CancellationTokenSource(s_testTimeout);
        var ct = timeout.Token;
        var uid = await CreateConfigMapAsync("demo", "e2e-kept", ct);

        var proposal = await ProposeAsync("demo", "e2e-kept", ct);

        proposal.GetProperty("status").GetString().Should().Be("denied", proposal.ToString());
        var current = await gate.Cluster.GetAsync(ConfigMap("demo", "e2e-kept"), ct);
        current!["metadata"]!["uid"]!.GetValue<string>().Should().Be(uid);
    }

    [Fact]
    public async Task DeleteResource_ObjectReplacedBeforeExecution_FailsAndTheNewObjectSurvives()
    {
        using var timeout = new CancellationTokenSource(s_testTimeout);
        var ct = timeout.Token;
        var uid = await CreateConfigMapAsync("staging", "e2e-replaced", ct);
        var proposal = await ProposeAsync("staging", "e2e-replaced", ct);
        proposal.GetProperty("status").GetString().Should().Be("pending_approval", proposal.ToString());

        await gate.Cluster.DeleteAsync(ConfigMap("staging", "e2e-replaced"), new DeleteRequest(), dryRun: false, ct);
        var replacement = await CreateConfigMapAsync("staging", "e2e-replaced", ct);
        await gate.ApproveAsync(proposal.GetProperty("changeId").GetString()!);
        var final = await gate.Client.CallOkAsync("get_change", new() { ["change_id"] = proposal.GetProperty("changeId").GetString()!, ["wait_seconds"] = 60 }, cancellationToken: ct);

        final.GetProperty("status").GetString().Should().Be("failed", final.ToString());
        final.GetProperty("outcome").GetString().Should().Contain("replaced").And.Contain(uid);
        var current = await gate.Cluster.GetAsync(ConfigMap("staging", "e2e-replaced"), ct);
        current!["metadata"]!["uid"]!.GetValue<string>().Should().Be(replacement);
    }

    private Task<JsonElement> ProposeAsync(string ns, string name, CancellationToken ct) =>
        gate.Client.CallOkAsync("delete_resource", new()
        {
            ["kind"] = "v1/configmaps",
            ["namespace"] = ns,
            ["name"] = name,
            ["reason"] = "e2e: remove stale settings",
        }, cancellationToken: ct);

    private async Task<JsonObject> DocumentAsync(string changeId)
    {
        var list = await McpGateCli.RunAsync(["approvals", "list", "--json", "--all", "--data-dir", gate.DataDir]);
        list.ExitCode.Should().Be(0, list.ToString());
        return JsonNode.Parse(list.StandardOutput)!.AsArray().OfType<JsonObject>().Single(c => c["id"]!.GetValue<string>() == changeId);
    }

    private static ResourceRef ConfigMap(string ns, string name) => new() { Group = string.Empty, Version = "v1", Resource = "configmaps", Namespace = ns, Name = name };

    private async Task<string> CreateConfigMapAsync(string ns, string name, CancellationToken ct)
    {
        var created = await gate.Cluster.CreateAsync(ConfigMap(ns, name), new CreateRequest
        {
            Body = new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "ConfigMap",
                ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
                ["data"] = new JsonObject { ["mode"] = "blue" },
            },
        }, dryRun: false, ct);
        return created["metadata"]!["uid"]!.GetValue<string>();
    }
}
