using System.Text.Json;
using System.Text.Json.Nodes;
using McpGate.Core.Cluster;
using McpGate.Kubernetes;
using McpGate.Testing.Mcp;

namespace McpGate.EndToEnd.Tests;

/// <summary>
/// apply_manifest and patch_resource through a real MCP client, approved with the real CLI, against
/// the gate's sandbox; what the cluster holds afterwards is read straight from the sandbox.
/// </summary>
public sealed class ApplyAndPatchTests(GateFixture gate) : IClassFixture<GateFixture>, IDisposable
{
    private static readonly TimeSpan s_testTimeout = TimeSpan.FromMinutes(3);

    private readonly KubernetesClusterPort _cluster = KubernetesClusterPort.FromKubeconfig(Path.Combine(gate.DataDir, "sandbox.kubeconfig"), "sandbox");

    public void Dispose() => _cluster.Dispose();

    [Fact]
    public async Task ApplyManifest_NewConfigMapAndExistingDeployment_CreatesAndUpdatesAfterApproval_AndVerifies()
    {
        using var timeout = new CancellationTokenSource(s_testTimeout);
        const string manifest = """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: e2e-settings
            data:
              mode: fast
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: api
              namespace: demo
              labels:
                tier: backend
            """;

        var proposal = await gate.Client.CallOkAsync("apply_manifest", Arguments("demo", manifest), cancellationToken: timeout.Token);

        proposal.GetProperty("status").GetString().Should().Be("pending_approval", proposal.ToString());
        proposal.ToString().Should().Contain("configmaps demo/e2e-settings").And.Contain("deployments demo/api");
        (await ConfigMapAsync("e2e-settings")).Should().BeNull("nothing is written before approval");
        var final = await ApproveAsync(proposal, timeout.Token);
        final.GetProperty("status").GetString().Should().Be("verified", final.ToString());
        (await ConfigMapAsync("e2e-settings"))!["data"]!["mode"]!.GetValue<string>().Should().Be("fast");
        var api = await _cluster.GetAsync(Deployment("api"), timeout.Token);
        api!["metadata"]!["labels"]!["tier"]!.GetValue<string>().Should().Be("backend");
        api["metadata"]!["managedFields"]!.AsArray().Select(m => m!["manager"]!.GetValue<string>()).Should().Contain(FieldManagers.Default);
    }

    [Fact]
    public async Task ApplyManifest_SecondDocumentInvalid_IsRefusedAndNothingIsApplied()
    {
        var before = await _cluster.GetAsync(Deployment("web"));
        const string manifest = """
            apiVersion: v1
            kind: ConfigMap
            metadata: { name: e2e-never }
            data: { a: b }
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata: { name: web }
            spec: { replicas: -3 }
            """;

        var result = await gate.Client.CallToolAsync("apply_manifest", Arguments("demo", manifest));

        result.IsError.Should().BeTrue();
        McpGateClient.TextOf(result).Should().Contain("step 2 of 2").And.Contain("nothing was applied").And.Contain("Nothing was changed");
        (await ConfigMapAsync("e2e-never")).Should().BeNull("the first document's dry run wrote nothing, and no step ran");
        (await _cluster.GetAsync(Deployment("web")))!["metadata"]!["resourceVersion"]!.GetValue<string>()
            .Should().Be(before!["metadata"]!["resourceVersion"]!.GetValue<string>());
        (await ChangesMentioningAsync("e2e-never")).Should().Be(0, "a refused proposal records nothing");
    }

    [Fact]
    public async Task ApplyManifest_ObjectCreatedByAnotherWriterBeforeExecution_FailsAndLeavesTheirObject()
    {
        using var timeout = new CancellationTokenSource(s_testTimeout);
        const string manifest = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"e2e-raced\"},\"data\":{\"owner\":\"gate\"}}";
        var proposal = await gate.Client.CallOkAsync("apply_manifest", Arguments("demo", manifest), cancellationToken: timeout.Token);
        proposal.GetProperty("status").GetString().Should().Be("pending_approval", proposal.ToString());

        var theirs = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "ConfigMap",
            ["metadata"] = new JsonObject { ["name"] = "e2e-raced", ["namespace"] = "demo" },
            ["data"] = new JsonObject { ["owner"] = "someone-else" },
        };
        await _cluster.CreateAsync(ConfigMap("e2e-raced"), new CreateRequest { Body = theirs }, dryRun: false, timeout.Token);
        var final = await ApproveAsync(proposal, timeout.Token);

        final.GetProperty("status").GetString().Should().Be("failed", final.ToString());
        final.ToString().Should().Contain("exists now");
        (await ConfigMapAsync("e2e-raced"))!["data"]!["owner"]!.GetValue<string>().Should().Be("someone-else");
    }

    [Theory]
    [InlineData("prod")]
    [InlineData("Demo")]
    [InlineData("demo ")]
    public async Task ApplyManifest_DocumentInAnotherNamespace_IsRefusedBeforeProof(string other)
    {
        var manifest = $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: e2e-escape\n  namespace: '{other}'\ndata: {{ a: b }}\n";

        var result = await gate.Client.CallToolAsync("apply_manifest", Arguments("demo", manifest));

        result.IsError.Should().BeTrue();
        McpGateClient.TextOf(result).Should().Contain("manifest: document 1 (line 1): metadata.namespace").And.Contain("\"demo\"");
        (await _cluster.GetAsync(ConfigMap("e2e-escape") with { Namespace = "prod" })).Should().BeNull();
        (await ConfigMapAsync("e2e-escape")).Should().BeNull();
        (await ChangesMentioningAsync("e2e-escape")).Should().Be(0);
    }

    public static TheoryData<string, string, string, string> Patches => new()
    {
        { "merge", "{\"metadata\":{\"labels\":{\"patched-merge\":\"yes\"}}}", "patched-merge", "every applied field holds" },
        { "strategic", "metadata:\n  annotations:\n    e2e/strategic: 'yes'\n", "e2e/strategic", "every applied field holds" },
        { "json", "[{\"op\":\"add\",\"path\":\"/metadata/labels/patched-json\",\"value\":\"yes\"},{\"op\":\"test\",\"path\":\"/metadata/name\",\"value\":\"web\"}]", "patched-json", "not compared" },
    };

    [Theory]
    [MemberData(nameof(Patches))]
    public async Task PatchResource_EachPatchType_PatchesAfterApproval_AndVerifiesWhatItCan(string patchType, string patch, string key, string verification)
    {
        using var timeout = new CancellationTokenSource(s_testTimeout);
        var proposal = await gate.Client.CallOkAsync("patch_resource", new()
        {
            ["resource"] = "apps/v1/deployments",
            ["namespace"] = "demo",
            ["name"] = "web",
            ["patch_type"] = patchType,
            ["patch"] = patch,
            ["reason"] = $"e2e: {patchType} patch",
        }, cancellationToken: timeout.Token);
        proposal.GetProperty("status").GetString().Should().Be("pending_approval", proposal.ToString());

        var final = await ApproveAsync(proposal, timeout.Token);

        final.GetProperty("status").GetString().Should().Be("verified", final.ToString());
        final.ToString().Should().Contain(verification);
        var web = await _cluster.GetAsync(Deployment("web"), timeout.Token);
        var metadata = web!["metadata"]!.AsObject();
        ((metadata["labels"] as JsonObject)?[key] ?? (metadata["annotations"] as JsonObject)?[key])!.GetValue<string>().Should().Be("yes");
    }

    [Fact]
    public async Task PatchResource_JsonPatchThatIsNotAList_IsRefusedNamingTheParameter()
    {
        var result = await gate.Client.CallToolAsync("patch_resource", new Dictionary<string, object?>
        {
            ["resource"] = "v1/services",
            ["namespace"] = "staging",
            ["name"] = "web",
            ["patch_type"] = "json",
            ["patch"] = "{\"spec\":{}}",
            ["reason"] = "e2e: wrong shape",
        });

        result.IsError.Should().BeTrue();
        McpGateClient.TextOf(result).Should().Contain("patch: a json patch must be a non-empty list of operations");
    }

    private static Dictionary<string, object?> Arguments(string ns, string manifest) => new()
    {
        ["namespace"] = ns,
        ["manifest"] = manifest,
        ["reason"] = "e2e: apply",
    };

    private async Task<JsonElement> ApproveAsync(JsonElement proposal, CancellationToken cancellationToken)
    {
        var changeId = proposal.GetProperty("changeId").GetString()!;
        var approve = await gate.CliAsync("approvals", "approve", changeId, "--key", gate.AliceKey, "--data-dir", gate.DataDir, "--policies", gate.PoliciesDir);
        approve.ExitCode.Should().Be(0, approve.ToString());
        return await gate.Client.CallOkAsync("get_change", new() { ["change_id"] = changeId, ["wait_seconds"] = 90 }, cancellationToken: cancellationToken);
    }

    private async Task<int> ChangesMentioningAsync(string text)
    {
        var list = await gate.CliAsync("approvals", "list", "--all", "--json", "--data-dir", gate.DataDir);
        list.ExitCode.Should().Be(0, list.ToString());
        return JsonDocument.Parse(list.StandardOutput).RootElement.EnumerateArray().Count(c => c.ToString().Contains(text, StringComparison.Ordinal));
    }

    private Task<JsonObject?> ConfigMapAsync(string name) => _cluster.GetAsync(ConfigMap(name));

    private static ResourceRef ConfigMap(string name) => new() { Group = string.Empty, Version = "v1", Resource = "configmaps", Namespace = "demo", Name = name };

    private static ResourceRef Deployment(string name) => new() { Group = "apps", Version = "v1", Resource = "deployments", Namespace = "demo", Name = name };
}
