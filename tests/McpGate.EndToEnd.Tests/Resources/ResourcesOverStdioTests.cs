using System.Text.Json.Nodes;
using System.Threading.Channels;
using McpGate.Testing.Files;
using McpGate.Testing.Mcp;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace McpGate.EndToEnd.Tests.Resources;

/// <summary>
/// The gate's MCP resources through the real process over stdio: listed, read, refused; a
/// subscription notified when the CLI approves the change out of band; tokens.yaml never served.
/// </summary>
public sealed class ResourcesOverStdioTests(ResourcesGateFixture gate) : IClassFixture<ResourcesGateFixture>
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Capabilities_AdvertiseResourcesWithSubscribe_WithoutListChanged()
    {
        var resources = gate.Client.ServerCapabilities.Resources;

        resources.Should().NotBeNull();
        resources!.Subscribe.Should().BeTrue();
        resources.ListChanged.Should().NotBe(true);
    }

    [Fact]
    public async Task PoliciesAndManifests_AreListedAndReadable_TokensYamlNever()
    {
        using var timeout = new CancellationTokenSource(s_timeout);
        var ct = timeout.Token;

        var listed = (await gate.Client.ListResourcesAsync(cancellationToken: ct)).Select(r => r.Uri).ToList();
        var approvers = await gate.Client.ReadResourceAsync("mcpgate://policies/approvers", cancellationToken: ct);
        var policy = await gate.Client.ReadResourceAsync("mcpgate://policies/default", cancellationToken: ct);

        listed.Should().Contain(["mcpgate://policies/approvers", "mcpgate://policies/default", "mcpgate://manifests/scale_deployment"]);
        listed.Should().NotContain(u => u.Contains("token", StringComparison.OrdinalIgnoreCase));
        Text(approvers).Should().Be(await File.ReadAllTextAsync(Path.Combine(gate.PoliciesDir, "approvers.yaml"), ct)).And.Contain("publicKey:").And.NotContain("PRIVATE");
        Text(policy).Should().Be(await File.ReadAllTextAsync(Path.Combine(RepoPaths.Policies, "default.yaml"), ct));

        foreach (var uri in new[]
        {
            "mcpgate://policies/tokens", "mcpgate://policies/tokens.yaml", "mcpgate://policies/../tokens",
            "mcpgate://policies/%2E%2E/tokens", "mcpgate://policies/%74okens", "mcpgate://manifests/../policies/tokens",
            "mcpgate://policies/tokens\u0000", "mcpgate://policies/\u202Etokens",
        })
        {
            var read = async () => await gate.Client.ReadResourceAsync(uri, cancellationToken: ct);
            var error = (await read.Should().ThrowAsync<McpProtocolException>(uri)).Which;
            error.ErrorCode.Should().Be(McpErrorCode.ResourceNotFound, uri);
            error.Message.Should().Contain("Resource '").And.NotContain(ResourcesGateFixture.TokenHash).And.NotContain("ci-bot");
        }

        var escaped = async () => await gate.Client.ReadResourceAsync("mcpgate://policies/\u202Etokens", cancellationToken: ct);
        (await escaped.Should().ThrowAsync<McpProtocolException>()).Which.Message.Should().Contain("\\u202e").And.NotContain("\u202E");
    }

    [Fact]
    public async Task ChangeResources_ReadEachKind_UnknownIdRefused()
    {
        using var timeout = new CancellationTokenSource(s_timeout);
        var ct = timeout.Token;
        var id = await ProposeAsync("web", ct);

        var change = Json(await gate.Client.ReadResourceAsync($"mcpgate://changes/{id}", cancellationToken: ct));
        var proof = Json(await gate.Client.ReadResourceAsync($"mcpgate://changes/{id}/proof", cancellationToken: ct));
        var approvals = Json(await gate.Client.ReadResourceAsync($"mcpgate://changes/{id}/approvals", cancellationToken: ct));
        var timeline = Json(await gate.Client.ReadResourceAsync($"mcpgate://changes/{id}/timeline", cancellationToken: ct));
        var viaTool = await gate.Client.CallOkAsync("get_change", new() { ["change_id"] = id }, cancellationToken: ct);

        JsonNode.DeepEquals(change, JsonNode.Parse(viaTool.GetRawText())).Should().BeTrue();
        proof["signatureVerified"]!.GetValue<bool>().Should().BeTrue();
        proof["statement"]!["_type"]!.GetValue<string>().Should().Be("https://in-toto.io/Statement/v1");
        approvals["requiredApprovals"]!.GetValue<int>().Should().BeGreaterThan(0);
        timeline.ToJsonString().Should().Contain(id);
        var unknown = async () => await gate.Client.ReadResourceAsync("mcpgate://changes/chg-aaaaaaaaaaaa/timeline", cancellationToken: ct);
        (await unknown.Should().ThrowAsync<McpProtocolException>()).Which.Message.Should().Contain("no change chg-aaaaaaaaaaaa exists on this gate");
    }

    [Fact]
    public async Task Subscribe_ThenCliApproval_SendsResourcesUpdated_UntilVerified()
    {
        using var timeout = new CancellationTokenSource(s_timeout);
        var ct = timeout.Token;
        var id = await ProposeAsync("api", ct);
        var uri = $"mcpgate://changes/{id}/approvals";
        var updates = Channel.CreateUnbounded<string>();
        await using (await gate.Client.SubscribeToResourceAsync(uri, (p, _) =>
        {
            updates.Writer.TryWrite(p.Uri);
            return ValueTask.CompletedTask;
        }, cancellationToken: ct))
        {
            await gate.ApproveAsync(id);

            var status = string.Empty;
            while (status != "verified")
            {
                (await updates.Reader.ReadAsync(ct)).Should().Be(uri);
                status = Json(await gate.Client.ReadResourceAsync(uri, cancellationToken: ct))["status"]!.GetValue<string>();
            }

            Json(await gate.Client.ReadResourceAsync(uri, cancellationToken: ct))["approvals"]![0]!["identity"]!.GetValue<string>().Should().Be("alice");
        }
    }

    private async Task<string> ProposeAsync(string deployment, CancellationToken ct)
    {
        var before = await gate.Client.CallOkAsync("get_deployment", new() { ["namespace"] = "demo", ["name"] = deployment }, cancellationToken: ct);
        var proposal = await gate.Client.CallOkAsync("scale_deployment", new()
        {
            ["namespace"] = "demo",
            ["name"] = deployment,
            ["replicas"] = before.GetProperty("replicas").GetInt32() + 1,
            ["reason"] = "e2e: resources",
        }, cancellationToken: ct);
        return proposal.GetProperty("changeId").GetString()!;
    }

    private static string Text(ReadResourceResult result) => result.Contents.OfType<TextResourceContents>().Single().Text;

    private static JsonNode Json(ReadResourceResult result) => JsonNode.Parse(Text(result))!;
}
