using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using McpGate.Adversarial.Tests.ExecutorClaims;
using McpGate.Testing.Mcp;

namespace McpGate.Adversarial.Tests.Checks;

/// <summary>
/// Through a real MCP client and <c>mcpgate serve --kubeconfig</c>: a Flux-managed deployment is
/// flagged <c>warn</c> in what the agent sees, the warning blocks nothing, and only the human's
/// approval lets the change run.
/// </summary>
public sealed class GitOpsFlagMcpTests
{
    [Fact]
    public async Task ScaleDeployment_FluxManagedTarget_IsFlaggedToTheAgent_AndStillNeedsApproval()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var ct = timeout.Token;
        await using var gate = await SharedClusterGate.StartAsync(1, ["shop"], ct);
        await LabelAsync(gate, "shop", ct);
        var client = await gate.ServeAsync(null, ct);

        var changeId = await SharedClusterGate.ProposeAsync(client, "shop", 2, ct);
        var pending = await client.CallOkAsync("get_change", new() { ["change_id"] = changeId }, cancellationToken: ct);

        pending.GetProperty("status").GetString().Should().Be("pending_approval");
        var gitops = pending.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "gitops_managed");
        gitops.GetProperty("status").GetString().Should().Be("warn");
        gitops.GetProperty("detail").GetString().Should().Be(
            "managed by Flux HelmRelease \"apps/shop\" (label helm.toolkit.fluxcd.io/name); the change would be reverted unless it is also made in Git");
        pending.GetProperty("warnings").GetString().Should().Contain("gitops_managed");
        pending.GetProperty("releaseScore").GetInt32().Should().Be(89);

        var approve = await gate.ApproveAsync(changeId, gate.AliceKey, ct);
        approve.ExitCode.Should().Be(0, approve.ToString());
        var final = await client.CallOkAsync("get_change", new() { ["change_id"] = changeId, ["wait_seconds"] = 90 }, cancellationToken: ct);
        final.GetProperty("status").GetString().Should().Be("verified", final.ToString());
    }

    private static async Task LabelAsync(SharedClusterGate gate, string name, CancellationToken ct)
    {
        using var client = new HttpClient { BaseAddress = gate.Sandbox.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", gate.Sandbox.Token);
        var labels = new JsonObject { ["helm.toolkit.fluxcd.io/name"] = name, ["helm.toolkit.fluxcd.io/namespace"] = "apps" };
        using var content = new StringContent(JsonSerializer.Serialize(new JsonObject { ["metadata"] = new JsonObject { ["labels"] = labels } }));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/merge-patch+json");
        using var response = await client.PatchAsync($"/apis/apps/v1/namespaces/demo/deployments/{name}", content, ct);
        response.EnsureSuccessStatusCode();
        await gate.Sandbox.WaitForSettledAsync(TimeSpan.FromSeconds(30), ct);
    }
}
