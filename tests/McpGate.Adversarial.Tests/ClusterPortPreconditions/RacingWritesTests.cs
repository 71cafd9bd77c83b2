using System.Text.Json.Nodes;
using McpGate.Core.Cluster;
using McpGate.Kubernetes;
using McpGate.Testing.Files;
using McpGate.Testing.Sandbox;

namespace McpGate.Adversarial.Tests.ClusterPortPreconditions;

/// <summary>
/// Many writers race through the port with one precondition: the cluster must end with exactly one
/// winner's change (patch of each type, create, delete, eviction under a budget), and dry runs of every
/// verb, however many and however interleaved, must leave the cluster exactly as it was.
/// </summary>
public sealed class RacingWritesTests : IClassFixture<SandboxFixture>, IAsyncLifetime
{
    private const int Writers = 12;
    private static readonly ResourceRef s_configMaps = new() { Group = string.Empty, Version = "v1", Resource = "configmaps", Namespace = "demo" };
    private static readonly ResourceRef s_pods = new() { Group = string.Empty, Version = "v1", Resource = "pods", Namespace = "demo" };
    private static readonly ResourceRef s_budgets = new() { Group = "policy", Version = "v1", Resource = "poddisruptionbudgets", Namespace = "demo" };

    private readonly SandboxFixture _sandbox;
    private readonly TempDirectory _dir = new();
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(60));
    private KubernetesClusterPort _port = null!;

    public RacingWritesTests(SandboxFixture sandbox) => _sandbox = sandbox;

    private CancellationToken Ct => _timeout.Token;

    public static TheoryData<PatchType> PatchTypes => new() { PatchType.Merge, PatchType.StrategicMerge, PatchType.Json };

    public async Task InitializeAsync()
    {
        var path = Path.Combine(_dir.Path, "config");
        await _sandbox.Cluster.WriteKubeconfigAsync(path, "sandbox", Ct);
        _port = KubernetesClusterPort.FromKubeconfig(path, context: null);
    }

    public async Task DisposeAsync()
    {
        await _port.DisposeAsync();
        _timeout.Dispose();
        _dir.Dispose();
    }

    [Theory]
    [MemberData(nameof(PatchTypes))]
    public async Task PatchAsync_WritersRacingOnOneResourceVersion_ExactlyOneChangeLands(PatchType type)
    {
        var (target, created) = await CreateConfigMapAsync("race-" + type.ToString().ToLowerInvariant()[..4]);
        var version = ResourceVersion(created);

        var outcomes = await RaceAsync(i => _port.PatchAsync(target, SetKey(type, $"writer-{i}", version), dryRun: false, Ct));

        var winner = outcomes.Should().ContainSingle(o => o.Result != null).Which;
        outcomes.Where(o => o.Error is not null).Should().HaveCount(Writers - 1).And.OnlyContain(o => o.Error!.Kind == ClusterErrorKind.Conflict);
        var observed = (await _port.GetAsync(target, Ct))!;
        Data(observed).Should().Be($"writer-{winner.Index}");
        ResourceVersion(observed).Should().Be(ResourceVersion(winner.Result!));
    }

    [Fact]
    public async Task CreateAsync_WritersRacingForOneName_OneObjectTheOthersAlreadyExists()
    {
        var name = Unique("race-create");
        var target = s_configMaps.WithName(name);

        var outcomes = await RaceAsync(i => _port.CreateAsync(target, new CreateRequest { Body = ConfigMap(name, $"writer-{i}") }, dryRun: false, Ct));

        var winner = outcomes.Should().ContainSingle(o => o.Result != null).Which;
        outcomes.Where(o => o.Error is not null).Should().OnlyContain(o => o.Error!.Kind == ClusterErrorKind.AlreadyExists);
        var observed = (await _port.GetAsync(target, Ct))!;
        Data(observed).Should().Be($"writer-{winner.Index}");
        Uid(observed).Should().Be(Uid(winner.Result!));
    }

    [Fact]
    public async Task DeleteAsync_RacingDeletesOfAnObjectRecreatedMidway_NeverDeleteTheNewIncarnation()
    {
        var (target, created) = await CreateConfigMapAsync("race-del");
        var old = new DeletePreconditions { Uid = Uid(created) };

        var outcomes = await RaceAsync(async i =>
        {
            if (i == 0)
            {
                // One racer replaces the object under the same name; uid preconditions must spare the new one.
                try
                {
                    await _port.DeleteAsync(target, new DeleteRequest(), dryRun: false, Ct);
                }
                catch (ClusterException ex) when (ex.Kind == ClusterErrorKind.NotFound)
                {
                    // Another racer deleted the old object first, as it may.
                }

                return await _port.CreateAsync(target, new CreateRequest { Body = ConfigMap(target.Name!, "reborn") }, dryRun: false, Ct);
            }

            return await _port.DeleteAsync(target, new DeleteRequest { Preconditions = old }, dryRun: false, Ct);
        });

        var reborn = outcomes.Single(o => o.Index == 0);
        reborn.Error.Should().BeNull();
        var deleters = outcomes.Where(o => o.Index != 0).ToList();
        deleters.Where(o => o.Error is not null)
            .Should().OnlyContain(o => o.Error!.Kind == ClusterErrorKind.NotFound || o.Error.Kind == ClusterErrorKind.Conflict);
        var deletedUids = deleters.Where(o => o.Result is not null).Select(o => o.Result!["details"]!["uid"]!.GetValue<string>()).ToList();
        deletedUids.Should().HaveCountLessThanOrEqualTo(1).And.BeSubsetOf([Uid(created)], "a successful conditioned delete removed the old incarnation");
        var observed = await _port.GetAsync(target, Ct);
        observed.Should().NotBeNull("no delete conditioned on the old uid may remove the new object");
        Uid(observed!).Should().Be(Uid(reborn.Result!));
        Data(observed!).Should().Be("reborn");
    }

    [Fact]
    public async Task EvictAsync_EveryPodEvictedAtOnce_TheBudgetIsNeverOverspent()
    {
        var group = Unique("race-evict");
        var pods = Enumerable.Range(0, 4).Select(i => s_pods.WithName($"{group}-{i}")).ToList();
        foreach (var pod in pods)
        {
            await _port.CreateAsync(pod, new CreateRequest { Body = Pod(pod.Name!, group) }, dryRun: false, Ct);
        }

        await _port.CreateAsync(s_budgets.WithName(group), new CreateRequest { Body = Budget(group, minAvailable: 3) }, dryRun: false, Ct);
        await _sandbox.WaitForSettledAsync(Ct);

        var outcomes = await RaceAsync(i => _port.EvictAsync(pods[i % pods.Count], null, dryRun: false, Ct));

        var left = await _port.ListAsync(s_pods, new ListFilter { LabelSelector = $"group={group}" }, Ct);
        left["items"]!.AsArray().Should().HaveCount(3, "a budget of minAvailable 3 over 4 pods allows one disruption, however many evictions race");
        outcomes.Where(o => o.Error is not null)
            .Should().OnlyContain(o => o.Error!.Kind == ClusterErrorKind.DisruptionBudget || o.Error.Kind == ClusterErrorKind.NotFound);
        outcomes.Select(o => o.Error?.Kind).Should().Contain(ClusterErrorKind.DisruptionBudget);
    }

    [Fact]
    public async Task DryRuns_OfEveryVerbInterleaved_LeaveTheClusterExactlyAsItWas()
    {
        var (target, created) = await CreateConfigMapAsync("race-dry");
        var version = ResourceVersion(created);
        var absent = s_configMaps.WithName(Unique("race-dry-absent"));
        var group = Unique("race-dry-pod");
        var pod = s_pods.WithName(group);
        await _port.CreateAsync(pod, new CreateRequest { Body = Pod(group, group) }, dryRun: false, Ct);
        await _sandbox.WaitForSettledAsync(Ct);
        var podBefore = (await _port.GetAsync(pod, Ct))!;
        var verbs = new Func<Task<JsonObject>>[]
        {
            () => _port.PatchAsync(target, SetKey(PatchType.Json, "dry", version), dryRun: true, Ct),
            () => _port.PatchAsync(target, SetKey(PatchType.Merge, "dry", version), dryRun: true, Ct),
            () => _port.PatchAsync(target, SetKey(PatchType.StrategicMerge, "dry", null), dryRun: true, Ct),
            () => _port.ApplyAsync(target, new ApplyRequest { Manifest = ConfigMap(target.Name!, "dry"), Force = true }, dryRun: true, Ct),
            () => _port.ApplyAsync(absent, new ApplyRequest { Manifest = ConfigMap(absent.Name!, "dry") }, dryRun: true, Ct),
            () => _port.CreateAsync(absent, new CreateRequest { Body = ConfigMap(absent.Name!, "dry") }, dryRun: true, Ct),
            () => _port.DeleteAsync(target, new DeleteRequest { Propagation = DeletePropagation.Foreground }, dryRun: true, Ct),
            () => _port.DeleteAsync(target, new DeleteRequest { Propagation = DeletePropagation.Orphan }, dryRun: true, Ct),
            () => _port.EvictAsync(pod, null, dryRun: true, Ct),
        };

        var outcomes = await RaceAsync(i => verbs[i % verbs.Length](), writers: verbs.Length * 4);

        outcomes.Should().OnlyContain(o => o.Error == null, "each dry run is valid on its own");
        var after = (await _port.GetAsync(target, Ct))!;
        ResourceVersion(after).Should().Be(version);
        Data(after).Should().Be("one");
        after["metadata"]!["deletionTimestamp"].Should().BeNull();
        (await _port.GetAsync(absent, Ct)).Should().BeNull();
        ResourceVersion((await _port.GetAsync(pod, Ct))!).Should().Be(ResourceVersion(podBefore));
    }

    /// <summary>Starts every writer at once (released together by one gate) and collects each outcome.</summary>
    private async Task<List<Outcome>> RaceAsync(Func<int, Task<JsonObject>> write, int writers = Writers)
    {
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var racers = Enumerable.Range(0, writers).Select(async i =>
        {
            await start.Task.WaitAsync(Ct);
            try
            {
                return new Outcome(i, await write(i), null);
            }
            catch (ClusterException ex)
            {
                return new Outcome(i, null, ex);
            }
        }).ToList();
        start.SetResult();
        return [.. await Task.WhenAll(racers).WaitAsync(Ct)];
    }

    private async Task<(ResourceRef Target, JsonObject Created)> CreateConfigMapAsync(string prefix)
    {
        var name = Unique(prefix);
        var target = s_configMaps.WithName(name);
        return (target, await _port.CreateAsync(target, new CreateRequest { Body = ConfigMap(name, "one") }, dryRun: false, Ct));
    }

    private static PatchRequest SetKey(PatchType type, string value, string? resourceVersion) => new()
    {
        Type = type,
        Patch = type == PatchType.Json
            ? new JsonArray(new JsonObject { ["op"] = "replace", ["path"] = "/data/key", ["value"] = value })
            : new JsonObject { ["data"] = new JsonObject { ["key"] = value } },
        ResourceVersion = resourceVersion,
    };

    private static JsonObject ConfigMap(string name, string value) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "ConfigMap",
        ["metadata"] = new JsonObject { ["name"] = name },
        ["data"] = new JsonObject { ["key"] = value },
    };

    private static JsonObject Pod(string name, string group) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Pod",
        ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = new JsonObject { ["group"] = group } },
        ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "app", ["image"] = "nginx:1.27" }) },
    };

    private static JsonObject Budget(string name, int minAvailable) => new()
    {
        ["apiVersion"] = "policy/v1",
        ["kind"] = "PodDisruptionBudget",
        ["metadata"] = new JsonObject { ["name"] = name },
        ["spec"] = new JsonObject
        {
            ["minAvailable"] = minAvailable,
            ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["group"] = name } },
        },
    };

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)];

    private static string Data(JsonObject configMap) => configMap["data"]!["key"]!.GetValue<string>();

    private static string Uid(JsonObject obj) => obj["metadata"]!["uid"]!.GetValue<string>();

    private static string ResourceVersion(JsonObject obj) => obj["metadata"]!["resourceVersion"]!.GetValue<string>();

    private sealed record Outcome(int Index, JsonObject? Result, ClusterException? Error);
}
