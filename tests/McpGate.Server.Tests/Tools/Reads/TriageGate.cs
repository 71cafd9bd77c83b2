using System.Text.Json.Nodes;
using McpGate.Core.Cluster;

namespace McpGate.Server.Tests.Tools.Reads;

/// <summary>
/// One gate (real MCP server and client, sandbox over HTTPS) shared by the read tool tests, with namespace
/// <c>triage</c> holding what an incident looks like: a crash-looping pod, one that cannot pull its image,
/// one no node can take, a two-container pod, and recorded repeats of one event; and an empty namespace.
/// The tests only read, so they can share it.
/// </summary>
public sealed class TriageGate : IAsyncLifetime
{
    public const string Namespace = "triage";
    public const string EmptyNamespace = "quiet";
    public const string SecretValue = "hunter2-never-for-agents";

    private static readonly TimeSpan s_settle = TimeSpan.FromSeconds(60);

    internal InMemoryGate Gate { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Gate = await InMemoryGate.StartAsync();
        var cluster = Gate.Harness.Cluster;
        foreach (var ns in new[] { Namespace, EmptyNamespace })
        {
            await CreateAsync(Ref("namespaces", null, ns), new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = ns } });
        }

        await CreateAsync(Ref("pods", Namespace, "crasher"), Pod("crasher", ("app", "ghcr.io/example/api:crashloop")));
        await CreateAsync(Ref("pods", Namespace, "puller"), Pod("puller", ("app", "invalid.example/shop/api:2.0")));
        var stuck = Pod("stuck", ("app", "nginx:1.27"));
        stuck["spec"]!["nodeSelector"] = new JsonObject { ["disk"] = "nvme-none" };
        await CreateAsync(Ref("pods", Namespace, "stuck"), stuck);
        var chatty = Pod("chatty", ("app", "nginx:1.27"));
        chatty["metadata"]!["annotations"] = new JsonObject { ["sandbox.mcpgate.dev/log-lines"] = "20000" }; // about 1.8 MB of log
        await CreateAsync(Ref("pods", Namespace, "chatty"), chatty);
        await CreateAsync(Ref("pods", Namespace, "duo"), Pod("duo", ("app", "nginx:1.27"), ("helper", "ghcr.io/example/worker:1.0")));
        foreach (var (name, count) in new[] { ("dup-1", 2), ("dup-2", 3) })
        {
            await CreateAsync(Ref("events", Namespace, name), new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "Event",
                ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = Namespace },
                ["involvedObject"] = new JsonObject { ["kind"] = "Pod", ["name"] = "duo", ["namespace"] = Namespace, ["apiVersion"] = "v1" },
                ["reason"] = "ProbeWarning",
                ["message"] = "Readiness probe warning: slow response",
                ["type"] = "Warning",
                ["count"] = count,
                ["firstTimestamp"] = "2026-01-01T00:00:00Z",
                ["lastTimestamp"] = "2026-01-01T00:05:00Z",
                ["source"] = new JsonObject { ["component"] = "kubelet" },
            });
        }

        await WaitForAsync("crasher", p => Status(p)?["lastState"]?["terminated"] is not null && Status(p)?["state"]?["waiting"]?["reason"]?.GetValue<string>() == "CrashLoopBackOff");
        await WaitForAsync("puller", p => Status(p)?["state"]?["waiting"]?["reason"]?.GetValue<string>() is "ErrImagePull" or "ImagePullBackOff");
        await WaitForAsync("stuck", p => (p["status"]?["conditions"] as JsonArray ?? []).Any(c => c?["type"]?.GetValue<string>() == "PodScheduled" && c["status"]?.GetValue<string>() == "False"));
        await WaitForAsync("chatty", p => Status(p)?["ready"]?.GetValue<bool>() == true);
        await WaitForAsync("duo", p => (p["status"]?["containerStatuses"] as JsonArray ?? []).Count == 2
            && (p["status"]!["containerStatuses"] as JsonArray)!.All(c => c?["ready"]?.GetValue<bool>() == true));

        async Task CreateAsync(ResourceRef target, JsonObject body) =>
            await cluster.CreateAsync(target, new CreateRequest { Body = body }, dryRun: false);
    }

    public async Task DisposeAsync() => await Gate.DisposeAsync();

    internal static ResourceRef Ref(string resource, string? ns, string? name) =>
        new() { Group = string.Empty, Version = "v1", Resource = resource, Namespace = ns, Name = name };

    private static JsonNode? Status(JsonObject pod) => (pod["status"]?["containerStatuses"] as JsonArray)?.FirstOrDefault();

    private static JsonObject Pod(string name, params (string Name, string Image)[] containers) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Pod",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = Namespace, ["labels"] = new JsonObject { ["app"] = name } },
        ["spec"] = new JsonObject
        {
            ["containers"] = new JsonArray([.. containers.Select(c => (JsonNode)new JsonObject
            {
                ["name"] = c.Name,
                ["image"] = c.Image,
                ["env"] = new JsonArray(new JsonObject { ["name"] = "DB_PASSWORD", ["value"] = SecretValue }),
            })]),
        },
    };

    /// <summary>Polls the pod until <paramref name="ready"/> holds; the controllers move it on their own timers.</summary>
    private async Task WaitForAsync(string pod, Func<JsonObject, bool> ready)
    {
        using var deadline = new CancellationTokenSource(s_settle);
        while (!deadline.IsCancellationRequested)
        {
            if (await Gate.Harness.Cluster.GetAsync(Ref("pods", Namespace, pod)) is { } current && ready(current))
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(25), CancellationToken.None); // the poll interval
        }

        throw new TimeoutException($"pod {Namespace}/{pod} did not reach the state the tests need within {s_settle}");
    }
}
