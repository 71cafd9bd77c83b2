using System.Text.Json;
using System.Text.Json.Nodes;
using McpGate.Core.Changes;
using McpGate.Core.Cluster;
using McpGate.Core.Engine;
using McpGate.Core.Manifests;
using McpGate.Testing.Engine;

namespace McpGate.Adversarial.Tests.Delete;

/// <summary>
/// <c>delete_resource</c> under attack: kinds spelled outside its enum, secrets under every spelling,
/// namespaces that try to leave staging. Every attempt is refused or denied, and afterwards the
/// cluster still holds the objects and the ledger holds no change that could be approved.
/// </summary>
public sealed class DeleteResourceSpellingTests : IAsyncLifetime
{
    private const string Rules = """
        rules:
          - name: staging-deletes
            tools: [delete_resource]
            namespaces: [staging, 'staging-*']
            effect: allow
            approval: { count: 1, groups: [sre] }
        """;

    private readonly Dictionary<string, string> _uids = new(StringComparer.Ordinal);
    private GateHarness _gate = null!;

    public async Task InitializeAsync()
    {
        _gate = await GateHarness.StartAsync(Rules);
        foreach (var ns in new[] { "staging", "prod" })
        {
            var created = await _gate.Cluster.CreateAsync(ConfigMap(ns), new CreateRequest
            {
                Body = new JsonObject
                {
                    ["apiVersion"] = "v1",
                    ["kind"] = "ConfigMap",
                    ["metadata"] = new JsonObject { ["name"] = "target", ["namespace"] = ns },
                    ["data"] = new JsonObject { ["k"] = "v" },
                },
            }, dryRun: false);
            _uids[ns] = created["metadata"]!["uid"]!.GetValue<string>();
        }
    }

    public async Task DisposeAsync() => await _gate.DisposeAsync();

    public static TheoryData<string> KindsNotInTheEnum => new()
    {
        "configmaps", "ConfigMaps", "configmap", "ConfigMap", "V1/configmaps", "v1/ConfigMaps", "v1/configmap", " v1/configmaps",
        "v1/configmaps ", "/v1/configmaps", "v1//configmaps", "v1/configmaps/", "core/v1/configmaps", "api/v1/configmaps",
        "v1/configmaps/target", "v1/c\u043enfigmaps", "v1/configmaps\u0000", "v1%2Fconfigmaps", "v1\\configmaps", "*", "",
        "apps/v1/configmaps", "v1/deployments", "extensions/v1beta1/ingresses",
    };

    [Theory]
    [MemberData(nameof(KindsNotInTheEnum))]
    public async Task Propose_KindNotInTheEnum_IsRefusedNamingKind_AndNothingChanges(string kind)
    {
        var refusal = await RefusalAsync(kind, "staging", "target");

        refusal.Should().Contain("kind");
        await AssertUntouchedAsync();
    }

    public static TheoryData<string> SecretSpellings => new()
    {
        "v1/secrets", "secrets", "Secrets", "secret", "Secret", "v1/Secrets", "v1/secret", "V1/Secrets", "core/v1/secrets",
        "/api/v1/secrets", "v1/secrets/", "v1/secrets ", "v1/s\u0435crets", "v1/SECRETS", "api/v1/namespaces/staging/secrets",
    };

    [Theory]
    [MemberData(nameof(SecretSpellings))]
    public async Task Propose_ASecretUnderAnySpelling_IsRefused_AndTheSecretStays(string kind)
    {
        var secret = await _gate.Cluster.GetAsync(Secret());

        var refusal = await RefusalAsync(kind, "prod", secret!["metadata"]!["name"]!.GetValue<string>());

        refusal.Should().Contain("kind");
        (await _gate.Cluster.GetAsync(Secret()))!["metadata"]!["uid"]!.GetValue<string>()
            .Should().Be(secret["metadata"]!["uid"]!.GetValue<string>());
        await AssertUntouchedAsync();
    }

    public static TheoryData<string, string> SecretsInAManifest => new()
    {
        { "a fixed resource", "resource: v1/secrets" },
        { "an enum value", "resource: '{kind}'\n  # kind: [v1/configmaps, v1/secrets]" },
        { "a template over the resource name", "resource: 'v1/{plural}'" },
        { "a core group spelled out", "resource: core/v1/secrets" },
    };

    [Theory]
    [MemberData(nameof(SecretsInAManifest))]
    public void Load_ADeleteManifestThatReachesSecrets_IsRefused(string how, string resourceLine)
    {
        var yaml = $$"""
            name: delete_any
            title: Delete
            description: Delete.
            access: write
            risk: high
            parameters:
              kind: { type: string, required: true, enum: [v1/configmaps, v1/secrets], description: Kind }
              plural: { type: string, required: true, enum: [configmaps, secrets], description: Plural }
              namespace: { type: string, required: true, pattern: '^[a-z0-9-]+$', description: Namespace }
              name: { type: string, required: true, pattern: '^[a-z0-9-]+$', description: Name }
              reason: { type: string, required: true, description: Why }
            operation:
              action: delete
              {{resourceLine}}
              namespace: '{namespace}'
              name: '{name}'
            verify:
              expect: object_gone
              timeout: 60s
            """;

        var load = () => ManifestLoader.Load([("delete_any.yaml", yaml)]);

        load.Should().Throw<ManifestValidationException>(how).Which.Errors.Should().Contain(e => e.Contains("operation.resource", StringComparison.Ordinal), how);
    }

    public static TheoryData<string> NamespacesOutsideStaging => new()
    {
        "prod", "kube-system", "default", "Staging", "staging/../prod", "staging/prod", "..", "staging%2fprod", "staging\u200b",
        "staging-", "-staging", "staging.prod", "staging prod", "stagin", "sstaging", "prod-staging", "*", "staging*",
    };

    [Theory]
    [MemberData(nameof(NamespacesOutsideStaging))]
    public async Task Propose_NamespaceOutsideStaging_IsRefusedOrDenied_AndNothingIsPending(string ns)
    {
        var tool = _gate.Manifests.Find("delete_resource")!;
        ChangeDocument? change = null;
        try
        {
            change = await _gate.Engine.ProposeAsync(tool, ArgumentBinder.Bind(tool, Arguments("v1/configmaps", ns, "target")), "agent");
        }
        catch (Exception ex) when (ex is ArgumentValidationException or ProposalException)
        {
            ex.Message.Should().Contain("namespace");
        }

        if (change is not null)
        {
            change.State.Should().Be(ChangeState.Denied, $"{ns} is not a staging namespace");
        }

        await AssertUntouchedAsync();
    }

    [Fact]
    public async Task Propose_FortyParallelAttemptsOnProd_AllDenied_ProdConfigMapStays()
    {
        var tool = _gate.Manifests.Find("delete_resource")!;
        var results = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() =>
            _gate.Engine.ProposeAsync(tool, ArgumentBinder.Bind(tool, Arguments("v1/configmaps", "prod", "target", $"attempt {i}")), "agent"))));

        results.Should().OnlyContain(c => c.State == ChangeState.Denied);
        await AssertUntouchedAsync();
    }

    private async Task<string> RefusalAsync(string kind, string ns, string name)
    {
        var tool = _gate.Manifests.Find("delete_resource")!;
        try
        {
            var change = await _gate.Engine.ProposeAsync(tool, ArgumentBinder.Bind(tool, Arguments(kind, ns, name)), "agent");
            throw new InvalidOperationException($"kind {kind} was accepted: change {change.Id} is {change.State}");
        }
        catch (Exception ex) when (ex is ArgumentValidationException or ProposalException)
        {
            return ex.Message;
        }
    }

    private async Task AssertUntouchedAsync()
    {
        // Proposals dry-run their delete (dryRun=All) before policy is asked: the objects must be the same ones.
        foreach (var (ns, uid) in _uids)
        {
            (await _gate.Cluster.GetAsync(ConfigMap(ns)))!["metadata"]!["uid"]!.GetValue<string>().Should().Be(uid);
        }

        (await _gate.Ledger.ListChangesAsync(ChangeState.PendingApproval)).Should().BeEmpty("nothing may wait for approval");
    }

    private static Dictionary<string, JsonElement> Arguments(string kind, string ns, string name, string reason = "adversarial") => new()
    {
        ["kind"] = JsonSerializer.SerializeToElement(kind),
        ["namespace"] = JsonSerializer.SerializeToElement(ns),
        ["name"] = JsonSerializer.SerializeToElement(name),
        ["reason"] = JsonSerializer.SerializeToElement(reason),
    };

    private static ResourceRef ConfigMap(string ns) => new() { Group = string.Empty, Version = "v1", Resource = "configmaps", Namespace = ns, Name = "target" };

    private static ResourceRef Secret() => new() { Group = string.Empty, Version = "v1", Resource = "secrets", Namespace = "prod", Name = SecretName };

    private const string SecretName = "db-credentials";
}
