using System.Text.Json.Nodes;
using McpGate.Core.Cluster;
using McpGate.Kubernetes.Api;
using McpGate.Kubernetes.KubeConfig;
using McpGate.Kubernetes.Probes;
using McpGate.Kubernetes.Tests.Support;
using McpGate.Testing.Sandbox;

namespace McpGate.Kubernetes.Tests.Probes;

/// <summary>
/// Probes against a sandbox of their own over real HTTPS, through the engine's port. Each test
/// writes uniquely named objects and looks with the registry the gate builds. The sandbox runs on
/// a manual clock: nothing starts, crashes or times out until a test moves it, so every look sees
/// a state the test brought about, not one it raced.
/// </summary>
public abstract class ProbeSandboxTest : IClassFixture<ManualClockSandboxFixture>, IAsyncLifetime
{
    /// <summary>How far the clock moves between two looks: less than the pod delay, as the engine's poll is.</summary>
    private static readonly TimeSpan s_step = TimeSpan.FromMilliseconds(500);
    private const int MaxSteps = 240;
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(120));

    protected ProbeSandboxTest(ManualClockSandboxFixture sandbox)
    {
        Sandbox = sandbox;
        Port = KubernetesClusterPort.FromEndpoint(new KubeEndpoint
        {
            ContextName = "sandbox",
            Server = sandbox.Cluster.SecureBaseAddress,
            Namespace = "demo",
            CertificateAuthorityPem = sandbox.Cluster.CertificateAuthorityPem,
            Token = sandbox.Cluster.Token,
        });
        Probes = KubernetesStateProbes.Create(Port);
    }

    protected ManualClockSandboxFixture Sandbox { get; }

    protected KubernetesClusterPort Port { get; }

    protected KubeApiClient Client => Port.Client;

    protected StateProbeRegistry Probes { get; }

    protected CancellationToken Ct => _timeout.Token;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await Port.DisposeAsync();
        _timeout.Dispose();
    }

    protected static ProbeContext Context(ResourceRef target, string expectation, JsonObject? applied = null) =>
        new() { Target = target, Expectation = expectation, Applied = applied };

    protected Task<ProbeResult> LookAsync(ProbeContext context) => Probes.ProbeAsync(context, Ct);

    /// <summary>
    /// Looks as the engine does, once the controllers are idle, then moves the clock a step and looks
    /// again, until the probe stops saying progressing; every look is returned.
    /// </summary>
    protected async Task<IReadOnlyList<ProbeResult>> LookUntilSettledAsync(ProbeContext context)
    {
        var looks = new List<ProbeResult>();
        await Sandbox.WaitForIdleAsync(Ct);
        for (var step = 0; step < MaxSteps; step++)
        {
            var look = await Probes.ProbeAsync(context, Ct);
            looks.Add(look);
            if (look.Status != ProbeStatus.Progressing)
            {
                return looks;
            }

            await Sandbox.AdvanceAsync(s_step, Ct);
        }

        throw new TimeoutException($"still progressing after {MaxSteps} steps of {s_step}: {looks[^1].Detail}");
    }

    protected static string Fact(ProbeResult result, string name) =>
        result.Evidence.SingleOrDefault(f => f.Name == name)?.Value
        ?? throw new InvalidOperationException($"no evidence '{name}' in [{string.Join(", ", result.Evidence.Select(f => f.Name))}]");

    protected static string UniqueName(string prefix) => TestDeployments.UniqueName(prefix);

    protected static ResourceRef Apps(string resource, string name) =>
        new() { Group = "apps", Version = "v1", Resource = resource, Namespace = "demo", Name = name };

    /// <summary>A workload body: one container running <paramref name="image"/>, selected by app=name.</summary>
    protected static JsonObject Workload(string kind, string name, string image, int? replicas = 1, JsonObject? extraSpec = null)
    {
        var spec = new JsonObject
        {
            ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = name } },
            ["template"] = new JsonObject
            {
                ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = name } },
                ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "app", ["image"] = image }) },
            },
        };
        if (replicas is { } count)
        {
            spec["replicas"] = count;
        }

        foreach (var (key, value) in extraSpec ?? [])
        {
            spec[key] = value?.DeepClone();
        }

        return new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = kind,
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "demo" },
            ["spec"] = spec,
        };
    }

    /// <summary>The strategic-merge-free way to change the one container's image: a merge patch of the whole list.</summary>
    protected static JsonObject ImagePatch(string image) => new()
    {
        ["spec"] = new JsonObject
        {
            ["template"] = new JsonObject
            {
                ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "app", ["image"] = image }) },
            },
        },
    };

    /// <summary>Deletes a test's object (its pods are garbage-collected), so a failing workload does not keep the sandbox busy.</summary>
    protected async Task DeleteAsync(ResourceRef target)
    {
        await Client.DeleteAsync(target, cancellationToken: Ct);
        await Sandbox.WaitForIdleAsync(Ct);
    }

    /// <summary>Creates the workload and moves the clock until its rollout is complete.</summary>
    protected async Task<ResourceRef> CreateSettledAsync(string resource, JsonObject body)
    {
        var target = Apps(resource, body["metadata"]!["name"]!.GetValue<string>());
        await Client.CreateAsync(target.WithName(null), body, cancellationToken: Ct);
        var looks = await LookUntilSettledAsync(Context(target, "rollout_complete"));
        looks[^1].Status.Should().Be(ProbeStatus.Done, "the test starts from a rolled-out workload");
        return target;
    }
}
