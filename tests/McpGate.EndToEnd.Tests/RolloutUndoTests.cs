using System.Text.Json;
using McpGate.Testing.Mcp;

namespace McpGate.EndToEnd.Tests;

/// <summary><c>rollout_undo</c> through a real MCP client, the real CLI and the sandbox: the image goes back, or nothing is proposed.</summary>
public sealed class RolloutUndoTests(GateFixture gate) : IClassFixture<GateFixture>
{
    private static readonly TimeSpan s_testTimeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task RolloutUndo_AfterTwoImageChanges_ReturnsToTheFirstAndVerifies()
    {
        using var timeout = new CancellationTokenSource(s_testTimeout);
        var ct = timeout.Token;
        await RunApprovedAsync("set_image", new() { ["kind"] = "deployment", ["namespace"] = "demo", ["name"] = "web", ["container"] = "web", ["image"] = "nginx:1.28", ["reason"] = "e2e: first image" }, ct);
        await RunApprovedAsync("set_image", new() { ["kind"] = "deployment", ["namespace"] = "demo", ["name"] = "web", ["container"] = "web", ["image"] = "nginx:1.29", ["reason"] = "e2e: second image" }, ct);
        (await ImagesAsync("web", ct)).Should().Equal("nginx:1.29");

        var undo = await RunApprovedAsync("rollout_undo", new() { ["kind"] = "deployment", ["namespace"] = "demo", ["name"] = "web", ["reason"] = "e2e: 1.29 is bad" }, ct);

        undo.Proposal.GetProperty("checks").EnumerateArray().Should().Contain(c => c.GetProperty("name").GetString() == "previous_revision" && c.GetProperty("status").GetString() == "pass");
        undo.Final.GetProperty("status").GetString().Should().Be("verified", undo.Final.ToString());
        (await ImagesAsync("web", ct)).Should().Equal("nginx:1.28");
        var show = await gate.CliAsync("approvals", "show", undo.ChangeId, "--data-dir", gate.DataDir);
        show.StandardOutput.Should().Contain("nginx:1.29").And.Contain("nginx:1.28");

        // A named revision: the seed's template (revision 1) is still kept.
        var named = await RunApprovedAsync("rollout_undo", new() { ["kind"] = "deployment", ["namespace"] = "demo", ["name"] = "web", ["to_revision"] = 1, ["reason"] = "e2e: back to the seed" }, ct);
        named.Final.GetProperty("status").GetString().Should().Be("verified", named.Final.ToString());
        (await ImagesAsync("web", ct)).Should().Equal("nginx:1.27");
    }

    [Fact]
    public async Task RolloutUndo_DeploymentWithOneRevision_IsRefusedBeforeAnyProof()
    {
        using var timeout = new CancellationTokenSource(s_testTimeout);
        var before = await ChangeCountAsync();

        var result = await gate.Client.CallToolAsync("rollout_undo",
            new Dictionary<string, object?> { ["kind"] = "deployment", ["namespace"] = "demo", ["name"] = "api", ["reason"] = "e2e" }, cancellationToken: timeout.Token);

        result.IsError.Should().BeTrue();
        McpGateClient.TextOf(result).Should().Contain("nothing to roll back to").And.Contain("demo/api");
        (await ChangeCountAsync()).Should().Be(before, "a refused proposal records no change");
        (await ImagesAsync("api", timeout.Token)).Should().Equal("ghcr.io/example/api:1.4.2");
    }

    [Theory]
    [InlineData(99)]
    [InlineData(2)]
    public async Task RolloutUndo_NamedRevisionMissing_IsRefusedListingTheRevisionsKept(int revision)
    {
        using var timeout = new CancellationTokenSource(s_testTimeout);
        var before = await ChangeCountAsync();

        var result = await gate.Client.CallToolAsync("rollout_undo",
            new Dictionary<string, object?> { ["kind"] = "deployment", ["namespace"] = "staging", ["name"] = "web", ["to_revision"] = revision, ["reason"] = "e2e" }, cancellationToken: timeout.Token);

        result.IsError.Should().BeTrue();
        McpGateClient.TextOf(result).Should().Contain($"has no revision {revision}").And.Contain("the revisions it keeps are: 1");
        (await ChangeCountAsync()).Should().Be(before);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public async Task RolloutUndo_RevisionOutOfRange_IsRefusedNamingTheArgument(int revision)
    {
        var result = await gate.Client.CallToolAsync("rollout_undo",
            new Dictionary<string, object?> { ["kind"] = "deployment", ["namespace"] = "staging", ["name"] = "web", ["to_revision"] = revision, ["reason"] = "e2e" });

        result.IsError.Should().BeTrue();
        McpGateClient.TextOf(result).Should().Contain("to_revision").And.Contain("at least 1");
    }

    private async Task<(string ChangeId, JsonElement Proposal, JsonElement Final)> RunApprovedAsync(string tool, Dictionary<string, object?> arguments, CancellationToken ct)
    {
        var proposal = await gate.Client.CallOkAsync(tool, arguments, cancellationToken: ct);
        proposal.GetProperty("status").GetString().Should().Be("pending_approval", proposal.ToString());
        var changeId = proposal.GetProperty("changeId").GetString()!;
        var approve = await gate.CliAsync("approvals", "approve", changeId, "--key", gate.AliceKey, "--data-dir", gate.DataDir, "--policies", gate.PoliciesDir);
        approve.ExitCode.Should().Be(0, approve.ToString());
        var final = await gate.Client.CallOkAsync("get_change", new() { ["change_id"] = changeId, ["wait_seconds"] = 90 }, cancellationToken: ct);
        final.GetProperty("status").GetString().Should().Be("verified", final.ToString());
        return (changeId, proposal, final);
    }

    private async Task<List<string?>> ImagesAsync(string name, CancellationToken ct)
    {
        var deployment = await gate.Client.CallOkAsync("get_deployment", new() { ["namespace"] = "demo", ["name"] = name }, cancellationToken: ct);
        return [.. deployment.GetProperty("images").EnumerateArray().Select(i => i.GetString())];
    }

    private async Task<int> ChangeCountAsync()
    {
        var list = await gate.CliAsync("approvals", "list", "--all", "--json", "--data-dir", gate.DataDir);
        list.ExitCode.Should().Be(0, list.ToString());
        return JsonDocument.Parse(list.StandardOutput).RootElement.GetArrayLength();
    }
}
