using System.Text.RegularExpressions;
using McpGate.Core.Changes;
using McpGate.Core.Ledger;
using McpGate.Core.Storage;
using McpGate.Sandbox;
using McpGate.Testing.Files;
using McpGate.Testing.Mcp;
using McpGate.Testing.Processes;
using McpGate.Testing.Sandbox;
using ModelContextProtocol.Client;

namespace McpGate.Adversarial.Tests.ExecutorClaims;

/// <summary>
/// One data directory and one cluster for several real <c>mcpgate serve</c> processes: the
/// sandbox runs in the test (so it can count requests, script faults and be changed by hand)
/// and the gates reach it through a kubeconfig, as they would reach a real API server. Keys are
/// made and approvals given by the real CLI.
/// </summary>
public sealed partial class SharedClusterGate : IAsyncDisposable
{
    public const string Agent = "adversary-agent";

    private readonly TempDirectory _temp = new("mcpgate-adversarial-");
    private readonly List<McpClient> _clients = [];
    private string? _dataDir;

    private SharedClusterGate()
    {
    }

    public SandboxCluster Sandbox { get; private set; } = null!;

    public string Kubeconfig => _temp.Combine("kubeconfig");

    /// <summary>The data directory the gates serve: in the temp folder unless <see cref="StartAsync"/> was given one (a small disk, say).</summary>
    public string DataDir => _dataDir ?? _temp.Combine("data");

    public string PoliciesDir => _temp.Combine("policies");

    public string LedgerPath => DataDirectory.Resolve(DataDir).LedgerPath;

    public string AliceKey => _temp.Combine("alice.pem");

    public string BobKey => _temp.Combine("bob.pem");

    public string OutsiderKey => _temp.Combine("outsider.pem");

    /// <summary>Sandbox, keys (alice and bob in sre; an outsider in no policy) and a policy asking <paramref name="approvals"/> approvals from sre.</summary>
    public static async Task<SharedClusterGate> StartAsync(int approvals, IReadOnlyCollection<string> deployments, CancellationToken cancellationToken, string? dataDir = null)
    {
        var gate = new SharedClusterGate { _dataDir = dataDir };
        try
        {
            gate.Sandbox = await SandboxCluster.StartAsync(new SandboxOptions { PodReadyDelay = TimeSpan.FromMilliseconds(50) }, cancellationToken);
            await gate.Sandbox.WriteKubeconfigAsync(gate.Kubeconfig, "sandbox", cancellationToken);
            var keys = await Task.WhenAll(
                PublicKeyAsync("alice", gate.AliceKey, cancellationToken),
                PublicKeyAsync("bob", gate.BobKey, cancellationToken),
                PublicKeyAsync("outsider", gate.OutsiderKey, cancellationToken));
            gate._temp.Write("policies/policy.yaml", $$"""
                approvers:
                  - { identity: alice, groups: [sre], publicKey: '{{keys[0]}}' }
                  - { identity: bob, groups: [sre], publicKey: '{{keys[1]}}' }
                defaults:
                  approvalExpiry: 1h
                rules:
                  - name: demo-scaling
                    tools: [scale_deployment]
                    namespaces: [demo]
                    effect: allow
                    approval: { count: {{approvals}}, groups: [sre] }
                    constraints:
                      replicas: { minimum: 0, maximum: 20 }
                """);
            await SandboxDeployments.CreateAsync(gate.Sandbox, "demo", deployments, cancellationToken);
            await gate.Sandbox.WaitForSettledAsync(TimeSpan.FromSeconds(30), cancellationToken); // resourceVersions stay still until the gate writes

            return gate;
        }
        catch
        {
            await gate.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts one more <c>mcpgate serve --kubeconfig</c> on the shared data directory.</summary>
    public Task<McpClient> ServeAsync(IDictionary<string, string?>? environment, CancellationToken cancellationToken) =>
        ServeAsync(environment, standardError: null, cancellationToken);

    /// <summary>As above, handing each line of the server's log (stderr) to <paramref name="standardError"/>.</summary>
    public async Task<McpClient> ServeAsync(IDictionary<string, string?>? environment, Action<string>? standardError, CancellationToken cancellationToken)
    {
        var client = await McpGateClient.StartAsync(
            ServeArguments,
            environment,
            standardError,
            cancellationToken);
        lock (_clients)
        {
            _clients.Add(client);
        }

        return client;
    }

    /// <summary>The arguments after <c>mcpgate serve</c> with which <see cref="ServeAsync(IDictionary{string, string?}?, CancellationToken)"/> starts a gate.</summary>
    public string[] ServeArguments =>
        ["--kubeconfig", Kubeconfig, "--context", "sandbox", "--data-dir", DataDir, "--policies", PoliciesDir, "--agent", Agent, "--log-level", "Warning"];

    /// <summary>Proposes scaling demo/<paramref name="name"/> through MCP; returns the change id.</summary>
    public static async Task<string> ProposeAsync(McpClient client, string name, int replicas, CancellationToken cancellationToken)
    {
        var proposal = await client.CallOkAsync("scale_deployment", new()
        {
            ["namespace"] = "demo",
            ["name"] = name,
            ["replicas"] = replicas,
            ["reason"] = "adversarial test",
        }, cancellationToken: cancellationToken);
        proposal.GetProperty("status").GetString().Should().Be("pending_approval", proposal.ToString());
        return proposal.GetProperty("changeId").GetString()!;
    }

    /// <summary>Approves with the real CLI, as an approver does.</summary>
    public Task<ProcessResult> ApproveAsync(string changeId, string keyPath, CancellationToken cancellationToken) =>
        McpGateCli.RunAsync(["approvals", "approve", changeId, "--key", keyPath, "--data-dir", DataDir, "--policies", PoliciesDir], TimeSpan.FromSeconds(120), cancellationToken);

    /// <summary>Runs the real sqlite3 CLI on the ledger file, as someone with write access to the data directory would.</summary>
    public async Task<string> Sqlite3Async(string sql, CancellationToken cancellationToken)
    {
        var result = await ProcessRunner.RunAsync("sqlite3", [LedgerPath, sql], TimeSpan.FromSeconds(30), cancellationToken: cancellationToken);
        result.ExitCode.Should().Be(0, result.ToString());
        return result.StandardOutput.Trim();
    }

    /// <summary>Reads (only reads) the ledger the gates write.</summary>
    public ChangeLedger OpenLedger() => ChangeLedger.Open(LedgerPath, TimeProvider.System);

    /// <summary>Waits until every change reaches a final state; returns the last documents.</summary>
    public async Task<IReadOnlyDictionary<string, ChangeDocument>> WaitUntilFinalAsync(IEnumerable<string> changeIds, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var ledger = OpenLedger();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var ids = changeIds.ToList();
        while (true)
        {
            var documents = new Dictionary<string, ChangeDocument>(StringComparer.Ordinal);
            foreach (var id in ids)
            {
                var stored = await ledger.GetChangeAsync(id, deadline.Token) ?? throw new InvalidOperationException($"no change {id}");
                documents[id] = ChangeJson.Deserialize(stored.DocumentJson);
            }

            if (documents.Values.All(d => d.State.IsFinal()))
            {
                return documents;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), deadline.Token); // the poll interval of this wait
        }
    }

    public static string DeploymentPath(string name) => $"/apis/apps/v1/namespaces/demo/deployments/{name}";

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            try
            {
                await client.DisposeAsync();
            }
            catch (Exception ex) when (ex is IOException or InvalidOperationException or OperationCanceledException)
            {
                // A server this test killed.
            }
        }

        if (Sandbox is not null)
        {
            await Sandbox.DisposeAsync();
        }

        _temp.Dispose();
    }

    private static async Task<string> PublicKeyAsync(string identity, string path, CancellationToken cancellationToken)
    {
        var result = await McpGateCli.RunAsync(["keys", "generate", "--identity", identity, "--out", path], TimeSpan.FromSeconds(60), cancellationToken);
        result.ExitCode.Should().Be(0, result.ToString());
        var match = PublicKeyPattern().Match(result.StandardOutput);
        match.Success.Should().BeTrue(result.StandardOutput);
        return match.Groups[1].Value;
    }

    [GeneratedRegex(@"publicKey: '([^']+)'")]
    private static partial Regex PublicKeyPattern();
}
