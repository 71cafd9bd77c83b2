using System.IO.Pipelines;
using McpGate.Core.Ledger;
using McpGate.Core.Storage;
using McpGate.Kubernetes;
using McpGate.Server.Hosting;
using McpGate.Testing.Files;
using McpGate.Testing.Mcp;
using McpGate.Testing.Sandbox;
using McpGate.Testing.Time;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpGate.Server.Tests.Hosting;

/// <summary>
/// A session served while the gate's runtime starts (<see cref="McpGateServer.RunAsync"/>, as
/// <c>serve</c> over stdio runs it), reached by the SDK's client over a pipe pair; the runtime is the
/// real one, on a sandbox over HTTPS, handed over when the test says. What waits for it, what runs
/// once it is ready, and what a failed start leaves: an error for every waiting request, a stopped
/// session, and no background work started.
/// </summary>
public sealed class GateStartSessionTests : IClassFixture<SandboxFixture>, IAsyncDisposable
{
    private readonly SandboxFixture _sandbox;
    private readonly TempDirectory _temp = new("mcpgate-gate-start-");
    private readonly StringWriter _log = new();
    private readonly ILoggerFactory _logging;
    private readonly List<KubernetesClusterPort> _ports = [];
    private readonly Pipe _clientToServer = new();
    private readonly Pipe _serverToClient = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource<GateRuntime> _runtime = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private GateRuntime? _created;

    public GateStartSessionTests(SandboxFixture sandbox)
    {
        _sandbox = sandbox;
        _logging = McpGateServer.CreateLoggerFactory(LogLevel.Information, TextWriter.Synchronized(_log));
    }

    private string DataDir => _temp.Combine("data");

    private string Log => _log.ToString();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_created is not null)
        {
            await _created.DisposeAsync();
        }

        _ports.ForEach(p => p.Dispose());
        _logging.Dispose();
        _stop.Dispose();
        _temp.Dispose();
    }

    [Fact]
    public async Task ToolsList_IsAnsweredAtOnce_ACallWaitsForTheRuntime_ThenRuns_AndTheEngineStarts()
    {
        var (session, client) = await StartSessionAsync();

        var tools = await client.ListToolsAsync();
        tools.Select(t => t.Name).Should().Equal(McpGateServer.DescribeTools(_runtimeManifests.Value).Select(t => t.Name));
        var proposal = client.CallToolAsync("scale_deployment", new Dictionary<string, object?> { ["namespace"] = "demo", ["name"] = "web", ["replicas"] = 5, ["reason"] = "early session" }).AsTask();
        await Task.Delay(200);
        proposal.IsCompleted.Should().BeFalse("a call waits for the runtime");
        File.Exists(DataDirectory.Resolve(DataDir).LedgerPath).Should().BeFalse("the runtime has not opened the ledger yet");

        _runtime.SetResult(await CreateRuntimeAsync());

        var result = await proposal;
        result.IsError.Should().NotBe(true, McpGateClient.TextOf(result));
        result.StructuredContent!.Value.GetProperty("status").GetString().Should().Be("pending_approval");
        await Poll.UntilAsync(() => Log.Contains("This process now executes approved changes", StringComparison.Ordinal), "the engine's loop, started once the runtime was ready");
        HeldByTheEngine().Should().BeTrue();
        var read = await client.CallToolAsync("get_deployment", new Dictionary<string, object?> { ["namespace"] = "demo", ["name"] = "web" });
        read.IsError.Should().NotBe(true, McpGateClient.TextOf(read));

        await _stop.CancelAsync();
        await session;
        Log.Should().Contain("Signed checkpoint #1 of the ledger", "the checkpoint worker ran and signed a last checkpoint as the session stopped");
        using var ledger = ChangeLedger.Open(DataDirectory.Resolve(DataDir).LedgerPath, TimeProvider.System);
        (await ledger.ListReadsAsync(new ReadQuery { Tool = "get_deployment" })).Should().ContainSingle("the read log's writer ran, and drained as the session stopped");
    }

    [Fact]
    public async Task FailedStart_AnswersEveryWaitingRequestWithItsError_StopsTheSession_AndStartsNothing()
    {
        var (session, client) = await StartSessionAsync();
        await client.ListToolsAsync();
        var read = client.CallToolAsync("get_deployment", new Dictionary<string, object?> { ["namespace"] = "demo", ["name"] = "web" }).AsTask();
        var write = client.CallToolAsync("scale_deployment", new Dictionary<string, object?> { ["namespace"] = "demo", ["name"] = "web", ["replicas"] = 6, ["reason"] = "failed start" }).AsTask();
        var change = client.CallToolAsync("get_change", new Dictionary<string, object?> { ["change_id"] = "chg-abcdefgh2345" }).AsTask();
        var resources = client.ListResourcesAsync().AsTask();
        await Task.Delay(200);

        _runtime.SetException(new GateStartupException("cluster 'sandbox': cannot establish which cluster this is, so no proof could name it: unreachable"));

        foreach (var result in new[] { await read, await write, await change })
        {
            result.IsError.Should().BeTrue();
            McpGateClient.TextOf(result).Should().Be("McpGate could not start, so nothing was read or changed: cluster 'sandbox': cannot establish which cluster this is, so no proof could name it: unreachable");
        }

        (await FluentActions.Awaiting(() => resources).Should().ThrowAsync<McpException>()).Which.Message.Should().Contain("McpGate could not start");
        (await FluentActions.Awaiting(() => session).Should().ThrowAsync<GateStartupException>()).Which.Message.Should().StartWith("cluster 'sandbox'");
        Log.Should().NotContain("executes approved changes").And.NotContain("Signed checkpoint");
        (await SandboxDeployments.GetAsync(_sandbox.Cluster, "demo", "web"))["spec"]!["replicas"]!.GetValue<int>().Should().NotBe(6, "nothing ran");
    }

    [Fact]
    public async Task SessionStoppedBeforeTheRuntimeIsReady_StartsNothingWhenItArrives()
    {
        var (session, client) = await StartSessionAsync();
        await client.ListToolsAsync();

        await _stop.CancelAsync();
        await session;
        var runtime = await CreateRuntimeAsync();
        _runtime.SetResult(runtime);
        await Task.Delay(300);

        Log.Should().NotContain("executes approved changes");
        HeldByTheEngine().Should().BeFalse("no engine loop took (or even tried) the executor lock");
    }

    private readonly Lazy<McpGate.Core.Manifests.ManifestSet> _runtimeManifests = new(() => GateRuntime.LoadConfiguration(RepoPaths.Manifests, RepoPaths.Policies).Manifests);

    private async Task<(Task Session, McpClient Client)> StartSessionAsync()
    {
        var transport = McpGateServer.CreateStdioTransport(_clientToServer.Reader.AsStream(), _serverToClient.Writer.AsStream(), _logging);
        var session = McpGateServer.RunAsync(new GateStart(_runtimeManifests.Value, _runtime.Task), transport, _logging, _stop.Token);
        var client = await McpClient.CreateAsync(new StreamClientTransport(_clientToServer.Writer.AsStream(), _serverToClient.Reader.AsStream(), _logging));
        return (session, client);
    }

    private async Task<GateRuntime> CreateRuntimeAsync()
    {
        var kubeconfig = _temp.Combine($"kubeconfig-{Guid.NewGuid():N}");
        await _sandbox.Cluster.WriteKubeconfigAsync(kubeconfig, "sandbox");
        var port = KubernetesClusterPort.FromKubeconfig(kubeconfig, context: null);
        _ports.Add(port);
        _created = await GateRuntime.CreateAsync(
            new GateServerOptions { DataDirectory = DataDirectory.Resolve(DataDir), ManifestsPath = RepoPaths.Manifests, PoliciesPath = _temp.CopyPolicies(), Agent = "test-agent" },
            port, _logging);
        return _created;
    }

    /// <summary>Whether the data directory's executor lock is held: only a running engine loop takes it (and creates its file).</summary>
    private bool HeldByTheEngine()
    {
        if (Directory.EnumerateFiles(DataDir, "executor-*.lock").SingleOrDefault() is not { } lockFile)
        {
            return false;
        }

        using var probe = ExecutorLock.TryAcquire(lockFile);
        return probe is null;
    }
}
