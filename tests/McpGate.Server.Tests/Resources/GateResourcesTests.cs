using System.Text.Json;
using System.Text.Json.Nodes;
using McpGate.Server.Tests.Tools;
using McpGate.Testing.Files;
using McpGate.Testing.Mcp;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpGate.Server.Tests.Resources;

/// <summary>
/// The gate's MCP resources through the SDK's client on a real server: listing, templates, each kind
/// read, and every malformed or unknown URI refused with the rule it breaks, the server serving on.
/// </summary>
public sealed class GateResourcesTests
{
    internal static readonly McpClientOptions Handshake2025 = new() { ProtocolVersion = "2025-11-25" };

    [Fact]
    public async Task ListAndTemplates_ShowPoliciesManifestsAndOwnChanges_AndEveryTemplate()
    {
        await using var gate = await InMemoryGate.StartAsync();
        var id = await ProposeAsync(gate, 3);

        var templates = await gate.Client.ListResourceTemplatesAsync();
        var resources = await gate.Client.ListResourcesAsync();

        templates.Select(t => t.UriTemplate).Should().Equal(
            "mcpgate://changes/{id}", "mcpgate://changes/{id}/proof", "mcpgate://changes/{id}/approvals",
            "mcpgate://changes/{id}/timeline", "mcpgate://policies/{name}", "mcpgate://manifests/{tool}");
        var uris = resources.Select(r => r.Uri).ToList();
        uris.Should().Contain(["mcpgate://policies/policy", $"mcpgate://changes/{id}", "mcpgate://manifests/scale_deployment", "mcpgate://manifests/get_deployment"]);
        uris.Where(u => u.StartsWith("mcpgate://manifests/", StringComparison.Ordinal)).Should().HaveCount(gate.Harness.Manifests.Tools.Count);
        uris.Should().NotContain(u => u.Contains("token", StringComparison.OrdinalIgnoreCase));
        resources.Single(r => r.Uri == $"mcpgate://changes/{id}").Description.Should().StartWith("pending_approval: scale_deployment");
    }

    [Fact]
    public async Task List_ShowsOnlyTheRequestersOwnChanges_AtMostFifty()
    {
        await using var gate = await InMemoryGate.StartAsync();
        var mine = await ProposeAsync(gate, 3);
        var theirs = (await gate.Harness.ProposeScaleAsync(4, requester: "someone-else")).Id;

        var uris = (await gate.Client.ListResourcesAsync()).Select(r => r.Uri).ToList();

        uris.Should().Contain($"mcpgate://changes/{mine}");
        uris.Should().NotContain($"mcpgate://changes/{theirs}", "like changes_list, the list shows the requester's own changes");
        var read = await gate.Client.ReadResourceAsync($"mcpgate://changes/{theirs}");
        Json(read)["changeId"]!.GetValue<string>().Should().Be(theirs, "any change can be read by its id, as get_change reads it");
        uris.Count(u => u.StartsWith("mcpgate://changes/", StringComparison.Ordinal)).Should().BeLessThanOrEqualTo(50);
    }

    [Fact]
    public async Task ReadChange_IsTheDocumentGetChangeReturns_AndTimelineTheTimeline()
    {
        await using var gate = await InMemoryGate.StartAsync();
        var id = await ProposeAsync(gate, 3);

        var change = await gate.Client.ReadResourceAsync($"mcpgate://changes/{id}");
        var timeline = await gate.Client.ReadResourceAsync($"mcpgate://changes/{id}/timeline");
        var viaTool = await gate.Client.CallOkAsync("get_change", new() { ["change_id"] = id });
        var timelineViaTool = await gate.Client.CallOkAsync("get_change", new() { ["change_id"] = id, ["detail"] = "timeline" });

        var contents = change.Contents.Should().ContainSingle().Which.Should().BeOfType<TextResourceContents>().Which;
        contents.Uri.Should().Be($"mcpgate://changes/{id}");
        contents.MimeType.Should().Be("application/json");
        JsonNode.DeepEquals(Json(change), JsonNode.Parse(viaTool.GetRawText())).Should().BeTrue(Json(change).ToJsonString());
        JsonNode.DeepEquals(Json(timeline), JsonNode.Parse(timelineViaTool.GetRawText())).Should().BeTrue(Json(timeline).ToJsonString());
        Json(change)["status"]!.GetValue<string>().Should().Be("pending_approval");
    }

    [Fact]
    public async Task ReadProof_HoldsTheSignedEnvelope_AndItsVerifiedStatement()
    {
        await using var gate = await InMemoryGate.StartAsync();
        var id = await ProposeAsync(gate, 3);
        var change = await gate.Harness.Engine.GetChangeAsync(id);

        var proof = Json(await gate.Client.ReadResourceAsync($"mcpgate://changes/{id}/proof"));

        proof["signatureVerified"]!.GetValue<bool>().Should().BeTrue();
        proof["proofDigest"]!.GetValue<string>().Should().Be(change!.ProofDigest);
        proof["gateKeyId"]!.GetValue<string>().Should().Be(gate.Harness.Engine.GatePublicKey.KeyId);
        proof["envelope"]!["payloadType"]!.GetValue<string>().Should().Be("application/vnd.in-toto+json");
        JsonNode.DeepEquals(proof["envelope"], JsonNode.Parse(change.ProofEnvelope!)).Should().BeTrue();
        var statement = proof["statement"]!;
        statement["_type"]!.GetValue<string>().Should().Be("https://in-toto.io/Statement/v1");
        statement["subject"]![0]!["name"]!.GetValue<string>().Should().Contain("demo").And.Contain("web");
        var payload = Convert.FromBase64String(proof["envelope"]!["payload"]!.GetValue<string>());
        JsonNode.DeepEquals(statement, JsonNode.Parse(payload)).Should().BeTrue("the statement is the envelope's payload, decoded");
    }

    [Fact]
    public async Task ReadApprovals_ShowsTheRequirement_ThenEachApprovalTheEngineCounted()
    {
        await using var gate = await InMemoryGate.StartAsync();
        var id = await ProposeAsync(gate, 3);

        var before = Json(await gate.Client.ReadResourceAsync($"mcpgate://changes/{id}/approvals"));
        (await gate.Harness.SubmitAsync(id, "alice")).Should().NotBeNull();
        (await gate.Harness.ProcessUntilFinalAsync(id)).State.Should().Be(McpGate.Core.Changes.ChangeState.Verified);
        var after = Json(await gate.Client.ReadResourceAsync($"mcpgate://changes/{id}/approvals"));

        before["requiredApprovals"]!.GetValue<int>().Should().Be(1);
        before["rule"]!.GetValue<string>().Should().Be("demo-scaling");
        before["approvals"]!.AsArray().Should().BeEmpty();
        var approval = after["approvals"]!.AsArray().Should().ContainSingle().Subject!;
        approval["identity"]!.GetValue<string>().Should().Be("alice");
        approval["decision"]!.GetValue<string>().Should().Be("approve");
        approval["keyId"]!.GetValue<string>().Should().NotBeNullOrEmpty();
        approval["comment"]!.GetValue<string>().Should().Be("approve by alice");
    }

    [Fact]
    public async Task ReadPolicyAndManifest_ServeTheFilesTheGateLoaded()
    {
        await using var gate = await InMemoryGate.StartAsync();

        var policy = await gate.Client.ReadResourceAsync("mcpgate://policies/policy");
        var manifest = await gate.Client.ReadResourceAsync("mcpgate://manifests/scale_deployment");

        var policyText = policy.Contents.Should().ContainSingle().Which.Should().BeOfType<TextResourceContents>().Which;
        policyText.MimeType.Should().Be("application/yaml");
        policyText.Text.Should().Be(gate.Harness.Policy.Sources.Single().Text).And.Contain("demo-scaling").And.Contain("publicKey:");
        policyText.Text.Should().NotContain("PRIVATE KEY");
        var manifestText = manifest.Contents.Should().ContainSingle().Which.Should().BeOfType<TextResourceContents>().Which;
        manifestText.Text.Should().Be(await File.ReadAllTextAsync(Path.Combine(RepoPaths.Manifests, "scale_deployment.yaml")));
    }

    public static TheoryData<string, string> Refused => new()
    {
        { "mcpgate://changes/chg-aaaaaaaaaaaa", "no change chg-aaaaaaaaaaaa exists on this gate" },
        { "mcpgate://changes/chg-aaaaaaaaaaaa/proof", "no change chg-aaaaaaaaaaaa exists on this gate" },
        { "mcpgate://changes/CHG-AAAAAAAAAAAA", "the change id must be like chg-abcdefgh2345" },
        { "mcpgate://changes/chg-aaaaaaaaaaaa/secrets", "after the change id comes nothing, /proof, /approvals or /timeline" },
        { "mcpgate://changes/chg-aaaaaaaaaaaa/proof/x", "names no kind of resource the gate serves" },
        { "mcpgate://policies/../tokens", "must not contain '.' or '..' segments" },
        { "mcpgate://policies/./policy", "must not contain '.' or '..' segments" },
        { "mcpgate://manifests/../../policies/tokens", "must not contain '.' or '..' segments" },
        { "mcpgate://policies/%2e%2e/tokens", "must not be percent-encoded" },
        { "mcpgate://policies/%70olicy", "must not be percent-encoded" },
        { "mcpgate://policies/tokens", "the gate loaded no policy file named 'tokens' (it serves policy)" },
        { "mcpgate://policies/policy.yaml", "the gate loaded no policy file named 'policy.yaml'" },
        { "mcpgate://policies/policy\u0007", "(found \\u0007)" },
        { "mcpgate://policies/pol\nicy", "(found \\u000a)" },
        { "mcpgate://policies/policy?raw=1", "takes no query or fragment" },
        { "mcpgate://policies//policy", "has an empty path segment" },
        { "mcpgate://policies/policy/", "has an empty path segment" },
        { "mcpgate://policies\\..\\tokens", "must use only letters, digits" },
        { "MCPGATE://policies/policy", "must start with mcpgate://" },
        { "file:///etc/passwd", "must start with mcpgate://" },
        { "mcpgate://manifests/no_such_tool", "the gate has no tool named 'no_such_tool'" },
        { "mcpgate://secrets/x", "names no kind of resource the gate serves" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task Read_RefusesMalformedOrUnknownUris_WithResourceNotFoundNamingTheUriAndRule(string uri, string rule)
    {
        await using var gate = await InMemoryGate.StartAsync(clientOptions: Handshake2025);

        var read = async () => await gate.Client.ReadResourceAsync(uri);

        var error = (await read.Should().ThrowAsync<McpProtocolException>()).Which;
        error.ErrorCode.Should().Be(McpErrorCode.ResourceNotFound);
        error.Message.Should().Contain(rule).And.Contain("Resource '");
        error.Message.Should().NotContainAny("\u0007", "\n");
        (await gate.Client.ReadResourceAsync("mcpgate://policies/policy")).Contents.Should().ContainSingle("the server serves on");
    }

    [Fact]
    public async Task Read_UnknownChange_OnThe2026Revision_IsInvalidParams_AsTheSdkAnswers()
    {
        await using var gate = await InMemoryGate.StartAsync();

        var read = async () => await gate.Client.ReadResourceAsync("mcpgate://changes/chg-aaaaaaaaaaaa");

        var error = (await read.Should().ThrowAsync<McpProtocolException>()).Which;
        error.ErrorCode.Should().Be(McpErrorCode.InvalidParams);
        error.Message.Should().Contain("no change chg-aaaaaaaaaaaa exists on this gate");
    }

    internal static async Task<string> ProposeAsync(InMemoryGate gate, int replicas)
    {
        var proposal = await gate.Client.CallOkAsync("scale_deployment", new()
        {
            ["namespace"] = "demo",
            ["name"] = "web",
            ["replicas"] = replicas,
            ["reason"] = "resources test",
        });
        return proposal.GetProperty("changeId").GetString()!;
    }

    internal static JsonNode Json(ReadResourceResult result) =>
        JsonNode.Parse(result.Contents.OfType<TextResourceContents>().Single().Text)!;
}
