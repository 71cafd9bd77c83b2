using System.Text.Json;
using System.Text.Json.Nodes;
using McpGate.Core.Approvals;
using McpGate.Core.Changes;
using McpGate.Core.Cluster;
using McpGate.Core.Crypto;
using McpGate.Core.Engine;
using McpGate.Core.Ledger;
using McpGate.Core.Manifests;
using McpGate.Core.Policy;
using McpGate.Core.Storage;
using McpGate.Kubernetes;
using McpGate.Kubernetes.Probes;
using McpGate.Sandbox;
using McpGate.Testing.Files;
using McpGate.Testing.Logging;
using McpGate.Testing.Time;
using Microsoft.Extensions.Logging;

namespace McpGate.Testing.Engine;

/// <summary>
/// A real engine on real parts: the sandbox over HTTPS through our Kubernetes client, a SQLite
/// ledger in a temp folder, generated keys, the shipped manifests and a policy written per test.
/// </summary>
public sealed class GateHarness : IAsyncDisposable
{
    public const string DefaultPolicy = """
        rules:
          - name: demo-scaling
            tools: [scale_deployment]
            namespaces: [demo]
            effect: allow
            approval: { count: 1, groups: [sre] }
            constraints:
              replicas: { maximum: 20 }
        """;

    private readonly TempDirectory _temp = new("mcpgate-engine-");
    private readonly Dictionary<string, Ed25519PrivateKey> _keys = new(StringComparer.Ordinal);
    private readonly List<string> _approverLines = [];
    private Ed25519PrivateKey? _gateKey;

    private GateHarness()
    {
    }

    public SandboxCluster Sandbox { get; private set; } = null!;

    public KubernetesClusterPort Cluster { get; private set; } = null!;

    public ChangeLedger Ledger { get; private set; } = null!;

    public ChangeEngine Engine { get; private set; } = null!;

    public ManifestSet Manifests { get; private set; } = null!;

    public PolicySet Policy { get; private set; } = null!;

    public ShiftedTimeProvider Clock { get; } = new();

    /// <summary>What the engines made by <see cref="CreateEngine(PolicySet)"/> (and <see cref="Engine"/>) logged.</summary>
    public LogCollector<ChangeEngine> Logs { get; } = new();

    /// <summary>The API path of <see cref="Web"/>, for sandbox faults and request counts.</summary>
    public const string WebPath = "/apis/apps/v1/namespaces/demo/deployments/web";

    public static ResourceRef Web => new() { Group = "apps", Version = "v1", Resource = "deployments", Namespace = "demo", Name = "web" };

    /// <summary>A policy whose demo scaling needs two approvals from group sre (alice and bob).</summary>
    public const string TwoApprovalsFromSre = """
        rules:
          - name: demo-scaling
            tools: [scale_deployment]
            namespaces: [demo]
            effect: allow
            approval: { count: 2, groups: [sre] }
        """;

    /// <summary>Starts everything. Approvers alice and bob are in group sre, carol in ops.</summary>
    public static async Task<GateHarness> StartAsync(string rulesYaml = DefaultPolicy)
    {
        var harness = new GateHarness();
        await harness.InitializeAsync(rulesYaml);
        return harness;
    }

    public Ed25519PrivateKey Key(string identity) => _keys[identity];

    /// <summary>A policy with this harness's approvers and the given rules, defaults and windows.</summary>
    public PolicySet PolicyWith(string yaml)
    {
        var folder = Directory.CreateDirectory(_temp.Combine("policies-" + Guid.NewGuid().ToString("N")[..8])).FullName;
        File.WriteAllText(Path.Combine(folder, "policy.yaml"), $"approvers:\n{string.Join('\n', _approverLines)}\n{yaml}\n");
        return PolicySet.LoadDirectory(folder);
    }

    /// <summary>An engine on this harness's cluster, ledger and gate key, with the given policy.</summary>
    public ChangeEngine CreateEngine(PolicySet policy) => CreateEngine(Cluster, policy);

    /// <summary>
    /// An engine on another cluster sharing this harness's ledger and gate key: a second gate on the
    /// same data directory.
    /// </summary>
    public ChangeEngine CreateEngine(IClusterPort cluster, PolicySet policy) =>
        new(cluster, KubernetesStateProbes.Create(cluster), Ledger, policy, _gateKey!, Clock,
            new ChangeEngineOptions { ProbeInterval = TimeSpan.FromMilliseconds(50), Tools = Manifests?.Tools ?? [] }, Logs);

    /// <summary>Another executor on this harness's cluster and gate key, over its own ledger instance (as a second process opens the same file).</summary>
    public ChangeEngine CreateEngine(PolicySet policy, ChangeLedger ledger, ChangeEngineOptions options) =>
        new(Cluster, KubernetesStateProbes.Create(Cluster), ledger, policy, _gateKey!, Clock, options, Logs);

    /// <summary>An engine on this harness's cluster, ledger and gate key, with its own clock, timing and logger.</summary>
    public ChangeEngine CreateEngine(PolicySet policy, TimeProvider time, ChangeEngineOptions options, ILogger<ChangeEngine> logger) =>
        new(Cluster, KubernetesStateProbes.Create(Cluster), Ledger, policy, _gateKey!, time, options, logger);

    /// <summary>The gate's signing key, for tests that make proofs as an older gate version signed them.</summary>
    public Ed25519PrivateKey GateKey => _gateKey!;

    public Task<ChangeDocument> ProposeScaleAsync(int replicas, string requester = "agent", string name = "web")
    {
        var tool = Manifests.Find("scale_deployment")!;
        var arguments = ArgumentBinder.Bind(tool, new Dictionary<string, JsonElement>
        {
            ["namespace"] = JsonSerializer.SerializeToElement("demo"),
            ["name"] = JsonSerializer.SerializeToElement(name),
            ["replicas"] = JsonSerializer.SerializeToElement(replicas),
            ["reason"] = JsonSerializer.SerializeToElement("engine test"),
        });
        return Engine.ProposeAsync(tool, arguments, requester);
    }

    /// <summary>Proposes a call of any shipped tool; <paramref name="arguments"/> as the agent would send them (reason added when missing).</summary>
    public Task<ChangeDocument> ProposeAsync(string toolName, IReadOnlyDictionary<string, object?> arguments, string requester = "agent")
    {
        var tool = Manifests.Find(toolName) ?? throw new ArgumentException($"no shipped tool {toolName}", nameof(toolName));
        var elements = arguments.ToDictionary(a => a.Key, a => JsonSerializer.SerializeToElement(a.Value), StringComparer.Ordinal);
        elements.TryAdd("reason", JsonSerializer.SerializeToElement("engine test"));
        return Engine.ProposeAsync(tool, ArgumentBinder.Bind(tool, elements), requester);
    }

    public Task<ApprovalOutcome> SubmitAsync(string changeId, string identity, string decision = ApprovalDecision.Approve)
    {
        var submitter = new ApprovalSubmitter(Ledger, Policy, Engine.GatePublicKey, Clock);
        return submitter.SubmitAsync(changeId, decision, Key(identity), comment: $"{decision} by {identity}");
    }

    /// <summary>Runs the engine's background pass, then waits for the change to settle.</summary>
    public async Task<ChangeDocument> ProcessUntilFinalAsync(string changeId)
    {
        await Engine.ProcessAsync();
        var change = await Engine.WaitForChangeAsync(changeId, TimeSpan.FromSeconds(30), null);
        return change ?? throw new InvalidOperationException($"change {changeId} vanished");
    }

    public async Task<IReadOnlyList<string>> EventTypesAsync(string changeId) =>
        [.. (await Ledger.ReadEntriesAsync(0, changeId)).Select(e => e.EventType)];

    public async Task<(long Replicas, string ResourceVersion)> ObserveWebAsync()
    {
        var web = await Cluster.GetAsync(Web) ?? throw new InvalidOperationException("demo/web is gone");
        return (web["spec"]!["replicas"]!.GetValue<long>(), web["metadata"]!["resourceVersion"]!.GetValue<string>());
    }

    /// <summary>Rewrites the stored change document without changing its state, as anyone with write access to the file could.</summary>
    public async Task TamperDocumentAsync(string changeId, Func<ChangeDocument, ChangeDocument> edit)
    {
        var stored = await Ledger.GetChangeAsync(changeId) ?? throw new InvalidOperationException($"no change {changeId}");
        var edited = edit(ChangeJson.Deserialize(stored.DocumentJson));
        await Ledger.TransitionAsync(changeId, stored.State, stored.State, ChangeJson.Serialize(edited), "tampered", new JsonObject());
    }

    /// <summary>Moves a change along as a crashed engine would have left it.</summary>
    public async Task ForceStateAsync(string changeId, ChangeState from, ChangeState to)
    {
        var stored = await Ledger.GetChangeAsync(changeId) ?? throw new InvalidOperationException($"no change {changeId}");
        var moved = ChangeJson.Deserialize(stored.DocumentJson) with { State = to };
        await Ledger.TransitionAsync(changeId, from, to, ChangeJson.Serialize(moved), to.ToWire(), new JsonObject { ["from"] = from.ToWire(), ["to"] = to.ToWire() });
    }

    /// <summary>Changes demo/web behind the gate's back (a label), so its resourceVersion moves.</summary>
    public Task<JsonObject> TouchWebAsync() =>
        Cluster.PatchAsync(Web, new JsonObject { ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["touched"] = "yes" } } }, null, dryRun: false);

    public async ValueTask DisposeAsync()
    {
        if (Engine is not null)
        {
            await Engine.DisposeAsync();
        }

        Ledger?.Dispose();
        Cluster?.Dispose();
        if (Sandbox is not null)
        {
            await Sandbox.DisposeAsync();
        }

        _gateKey?.Dispose();
        foreach (var key in _keys.Values)
        {
            key.Dispose();
        }

        _temp.Dispose();
    }

    private async Task InitializeAsync(string rulesYaml)
    {
        Sandbox = await SandboxCluster.StartAsync(new SandboxOptions { PodReadyDelay = TimeSpan.FromMilliseconds(100) });
        var kubeconfig = _temp.Combine("kubeconfig");
        await Sandbox.WriteKubeconfigAsync(kubeconfig);
        Cluster = KubernetesClusterPort.FromKubeconfig(kubeconfig, "sandbox");

        var approvers = _approverLines;
        foreach (var (identity, group) in new[] { ("alice", "sre"), ("bob", "sre"), ("carol", "ops") })
        {
            var key = Ed25519PrivateKey.Generate();
            _keys[identity] = key;
            approvers.Add($"  - {{ identity: {identity}, groups: [{group}], publicKey: '{key.PublicKey}' }}");
        }

        var policies = Directory.CreateDirectory(_temp.Combine("policies")).FullName;
        await File.WriteAllTextAsync(Path.Combine(policies, "policy.yaml"), $"approvers:\n{string.Join('\n', approvers)}\n{rulesYaml}\n");
        Policy = PolicySet.LoadDirectory(policies);
        Manifests = ManifestLoader.LoadDirectory(RepoPaths.Manifests);

        var data = DataDirectory.Resolve(_temp.Combine("data")).EnsureExists();
        Ledger = ChangeLedger.Open(data.LedgerPath, Clock);
        _gateKey = GateKeyStore.LoadOrCreate(data);
        Engine = CreateEngine(Policy);
    }
}
