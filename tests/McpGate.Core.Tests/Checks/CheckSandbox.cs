using System.Net.Http.Json;
using System.Text.Json.Nodes;
using McpGate.Core.Checks;
using McpGate.Core.Cluster;
using McpGate.Core.Manifests;
using McpGate.Kubernetes;
using McpGate.Testing.Files;
using McpGate.Testing.Sandbox;

namespace McpGate.Core.Tests.Checks;

/// <summary>
/// The sandbox (SandboxFixture) reached through our Kubernetes client, with helpers to seed the
/// objects a check reads over the real HTTP API and to build a check's context from a dry run.
/// Each test works in a namespace of its own.
/// </summary>
public sealed class CheckSandbox : IAsyncLifetime
{
    private readonly SandboxFixture _sandbox = new();
    private readonly TempDirectory _temp = new("mcpgate-checks-");
    private KubernetesClusterPort? _port;
    private HttpClient? _http;

    public KubernetesClusterPort Port => _port!;

    public SandboxFixture Sandbox => _sandbox;

    public static ResourceRef Deployment(string ns, string name) => new() { Group = "apps", Version = "v1", Resource = "deployments", Namespace = ns, Name = name };

    public async Task InitializeAsync()
    {
        await _sandbox.InitializeAsync();
        var kubeconfig = _temp.Combine("kubeconfig");
        await _sandbox.Cluster.WriteKubeconfigAsync(kubeconfig);
        _port = KubernetesClusterPort.FromKubeconfig(kubeconfig, "sandbox");
        _http = _sandbox.CreateHttpClient();
    }

    public async Task DisposeAsync()
    {
        _http?.Dispose();
        _port?.Dispose();
        await _sandbox.DisposeAsync();
        _temp.Dispose();
    }

    /// <summary>A fresh namespace for one test.</summary>
    public async Task<string> NamespaceAsync()
    {
        var ns = "chk-" + Guid.NewGuid().ToString("N")[..10];
        await PostAsync("/api/v1/namespaces", new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = ns } });
        return ns;
    }

    /// <summary>Creates an object as kubectl would (optionally as another field manager) and returns what the server stored.</summary>
    public async Task<JsonObject> PostAsync(string collectionPath, JsonObject obj, string? fieldManager = null)
    {
        var path = fieldManager is null ? collectionPath : $"{collectionPath}?fieldManager={Uri.EscapeDataString(fieldManager)}";
        using var response = await _http!.PostAsJsonAsync(path, obj);
        var body = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.Should().BeTrue($"POST {path} answered {response.StatusCode}: {body}");
        return (JsonObject)JsonNode.Parse(body)!;
    }

    /// <summary>Deletes an object (foreground cascade is the sandbox's default for workloads) and waits for the cluster to settle.</summary>
    public async Task DeleteAsync(string path)
    {
        using var response = await _http!.DeleteAsync(path);
        response.IsSuccessStatusCode.Should().BeTrue($"DELETE {path} answered {response.StatusCode}");
        await _sandbox.WaitForSettledAsync();
    }

    /// <summary>A deployment (selector app=NAME) with extra metadata, strategy and image, created and settled.</summary>
    public async Task<JsonObject> CreateDeploymentAsync(string ns, string name, int replicas, string image = "nginx:1.27",
        JsonObject? metadata = null, JsonObject? strategy = null, string? fieldManager = null)
    {
        var meta = metadata ?? new JsonObject();
        meta["name"] = name;
        meta["namespace"] = ns;
        var spec = new JsonObject
        {
            ["replicas"] = replicas,
            ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = name } },
            ["template"] = PodTemplate(name, image),
        };
        if (strategy is not null)
        {
            spec["strategy"] = strategy;
        }

        await PostAsync($"/apis/apps/v1/namespaces/{ns}/deployments", new JsonObject { ["apiVersion"] = "apps/v1", ["kind"] = "Deployment", ["metadata"] = meta, ["spec"] = spec }, fieldManager);
        await _sandbox.WaitForSettledAsync();
        return (await Port.GetAsync(Deployment(ns, name)))!;
    }

    public static JsonObject PodTemplate(string app, string image) => new()
    {
        ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = app } },
        ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "app", ["image"] = image }) },
    };

    /// <summary>A PodDisruptionBudget selecting app=APP with minAvailable, settled so its status is computed.</summary>
    public async Task CreateBudgetAsync(string ns, string name, string app, int minAvailable)
    {
        await PostAsync($"/apis/policy/v1/namespaces/{ns}/poddisruptionbudgets", new JsonObject
        {
            ["apiVersion"] = "policy/v1",
            ["kind"] = "PodDisruptionBudget",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
            ["spec"] = new JsonObject { ["minAvailable"] = minAvailable, ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = app } } },
        });
        await _sandbox.WaitForSettledAsync();
    }

    /// <summary>The check's context for a merge patch of the target: observed now, and the server's dry run of the patch.</summary>
    internal async Task<CheckContext> ContextAsync(ResourceRef target, JsonObject patch, IReadOnlyDictionary<string, object?>? arguments = null)
    {
        var observed = await Port.GetAsync(target);
        var dryRun = await Port.PatchAsync(target, patch, null, dryRun: true);
        return Context(target, observed, dryRun, arguments);
    }

    internal CheckContext Context(ResourceRef target, JsonObject? observed, JsonObject dryRun, IReadOnlyDictionary<string, object?>? arguments = null) => new()
    {
        Tool = ManifestLoader.LoadDirectory(RepoPaths.Manifests).Find("scale_deployment")!,
        Arguments = new BoundArguments { Values = arguments ?? new Dictionary<string, object?>() },
        Target = target,
        Observed = observed,
        DryRun = dryRun,
        Cluster = Port.Reader,
    };

    public static JsonObject Replicas(int replicas) => new() { ["spec"] = new JsonObject { ["replicas"] = replicas } };

    public static JsonObject Image(string app, string image) => new() { ["spec"] = new JsonObject { ["template"] = PodTemplate(app, image) } };
}
