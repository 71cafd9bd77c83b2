using System.Text.Json.Nodes;
using McpGate.Core.Cluster;
using McpGate.Kubernetes.Api;
using McpGate.Testing.Sandbox;

namespace McpGate.Kubernetes.Tests.Probes;

/// <summary><c>object_matches</c> and <c>object_gone</c> against a real sandbox.</summary>
public sealed class ObjectProbesTests(ManualClockSandboxFixture sandbox) : ProbeSandboxTest(sandbox)
{
    private static readonly ResourceRef s_configMaps = new() { Group = string.Empty, Version = "v1", Resource = "configmaps", Namespace = "demo" };

    [Fact]
    public async Task ObjectMatches_AppliedFieldsHold_DoneCountingThem()
    {
        var target = await CreateConfigMapAsync(new JsonObject { ["a"] = "1", ["b"] = "2" });
        var applied = new JsonObject { ["data"] = new JsonObject { ["a"] = "10", ["gone"] = null }, ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["tier"] = "web" } } };
        await Client.PatchAsync(target, applied, cancellationToken: Ct);

        var result = await LookAsync(Context(target, "object_matches", applied));

        result.Status.Should().Be(ProbeStatus.Done, result.Detail);
        result.Confidence.Should().Be(ProbeConfidence.High);
        Fact(result, "fieldsChecked").Should().Be("3");
        Fact(result, "uid").Should().NotBeEmpty();
    }

    [Fact]
    public async Task ObjectMatches_SomeoneChangedAnAppliedField_FailsNamingIt()
    {
        var target = await CreateConfigMapAsync(new JsonObject { ["a"] = "1" });
        var applied = new JsonObject { ["data"] = new JsonObject { ["a"] = "10", ["c"] = "3" } };
        await Client.PatchAsync(target, applied, cancellationToken: Ct);
        await Client.PatchAsync(target, new JsonObject { ["data"] = new JsonObject { ["a"] = "11", ["c"] = null } }, cancellationToken: Ct);

        var result = await LookAsync(Context(target, "object_matches", applied));

        result.Status.Should().Be(ProbeStatus.Failed);
        result.Detail.Should().Be($"2 applied field(s) do not hold in demo/{target.Name}: data.a: expected \"10\", found \"11\"");
        Fact(result, "notHolding").Should().Be("data.a: expected \"10\", found \"11\"; data.c: expected \"3\", found nothing");
    }

    [Fact]
    public async Task ObjectMatches_ContainerByName_MatchesTheListElementNotThePosition()
    {
        var body = Workload("Deployment", UniqueName("match"), "nginx:1.27");
        body["spec"]!["template"]!["spec"]!["containers"]!.AsArray().Insert(0, new JsonObject { ["name"] = "sidecar", ["image"] = "envoy:1" });
        var target = await CreateSettledAsync("deployments", body);
        var applied = new JsonObject { ["spec"] = new JsonObject { ["template"] = new JsonObject { ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "app", ["image"] = "nginx:1.27" }) } } } };

        var holds = await LookAsync(Context(target, "object_matches", applied));
        applied["spec"]!["template"]!["spec"]!["containers"]![0]!["image"] = "nginx:1.28";
        var differs = await LookAsync(Context(target, "object_matches", applied));

        holds.Status.Should().Be(ProbeStatus.Done, holds.Detail);
        differs.Status.Should().Be(ProbeStatus.Failed);
        Fact(differs, "notHolding").Should().Be("spec.template.spec.containers[name=app].image: expected \"nginx:1.28\", found \"nginx:1.27\"");
    }

    [Fact]
    public async Task ObjectMatches_ObjectMissingOrNothingApplied_Fails()
    {
        var missing = await LookAsync(Context(s_configMaps.WithName(UniqueName("none")), "object_matches", new JsonObject { ["data"] = new JsonObject() }));
        var nothing = await LookAsync(Context(await CreateConfigMapAsync(new JsonObject()), "object_matches"));

        missing.Status.Should().Be(ProbeStatus.Failed);
        Fact(missing, "found").Should().Be("404 NotFound");
        nothing.Status.Should().Be(ProbeStatus.Failed);
        nothing.Detail.Should().Contain("this change recorded nothing applied");
    }

    [Fact]
    public async Task ObjectMatches_SomeFieldsNotComparable_DoneWithMediumConfidenceSayingSo()
    {
        var target = await CreateConfigMapAsync(new JsonObject { ["a"] = "1" });
        const string Left = "1 json patch operation(s) on list positions, or move, copy or test, are not compared";

        var result = await LookAsync(Context(target, "object_matches", new JsonObject { ["data"] = new JsonObject { ["a"] = "1" } }) with { NotCompared = Left });

        result.Status.Should().Be(ProbeStatus.Done, result.Detail);
        result.Confidence.Should().Be(ProbeConfidence.Medium);
        result.Detail.Should().Be($"every compared field holds in configmaps demo/{target.Name}; {Left}");
        Fact(result, "notCompared").Should().Be(Left);
    }

    [Fact]
    public async Task ObjectMatches_NothingComparable_ChecksOnlyPresenceWithLowConfidence()
    {
        var target = await CreateConfigMapAsync(new JsonObject { ["a"] = "1" });
        const string Left = "none of the json patch's 2 operation(s) can be compared afterwards (list positions, move, copy, test); only the object's presence is checked";

        var present = await LookAsync(Context(target, "object_matches") with { NotCompared = Left });
        var missing = await LookAsync(Context(s_configMaps.WithName(UniqueName("none")), "object_matches") with { NotCompared = Left });

        present.Status.Should().Be(ProbeStatus.Done, present.Detail);
        present.Confidence.Should().Be(ProbeConfidence.Low);
        present.Detail.Should().StartWith($"configmaps demo/{target.Name} exists at resourceVersion ").And.EndWith(Left);
        missing.Status.Should().Be(ProbeStatus.Failed, "presence is still checked");
    }

    [Fact]
    public async Task ObjectGone_DeletedObjectWithFinalizer_ProgressesUntilTheFinalizerGoes()
    {
        var target = await CreateConfigMapAsync(new JsonObject(), finalizer: "example.com/hold");
        var look = Context(target, "object_gone");
        var present = await LookAsync(look);
        await Client.DeleteAsync(target, cancellationToken: Ct);

        var deleting = await LookAsync(look);
        await Client.PatchAsync(target, new JsonObject { ["metadata"] = new JsonObject { ["finalizers"] = null } }, cancellationToken: Ct);
        var gone = await LookAsync(look);

        present.Status.Should().Be(ProbeStatus.Progressing);
        present.Detail.Should().EndWith("is still present and not being deleted");
        deleting.Status.Should().Be(ProbeStatus.Progressing);
        Fact(deleting, "deletionTimestamp").Should().NotBeEmpty();
        Fact(deleting, "finalizers").Should().Be("example.com/hold");
        gone.Status.Should().Be(ProbeStatus.Done);
        gone.Confidence.Should().Be(ProbeConfidence.High);
        Fact(gone, "found").Should().Be("404 NotFound");
    }

    [Fact]
    public async Task ObjectGone_RecreatedUnderTheSameName_DoneWithMediumConfidenceWhenTheDeletedUidIsKnown()
    {
        var target = await CreateConfigMapAsync(new JsonObject());
        var uid = (await Client.GetAsync(target, Ct))["metadata"]!["uid"]!.GetValue<string>();
        await Client.DeleteAsync(target, new KubeDeletePreconditions { Uid = uid }, cancellationToken: Ct);
        await Client.CreateAsync(s_configMaps, ConfigMap(target.Name!, new JsonObject()), cancellationToken: Ct);

        var withUid = await LookAsync(Context(target, "object_gone", new JsonObject { ["preconditions"] = new JsonObject { ["uid"] = uid } }));
        var withoutUid = await LookAsync(Context(target, "object_gone"));

        withUid.Status.Should().Be(ProbeStatus.Done);
        withUid.Confidence.Should().Be(ProbeConfidence.Medium);
        Fact(withUid, "deletedUid").Should().Be(uid);
        Fact(withUid, "uid").Should().NotBe(uid);
        withoutUid.Status.Should().Be(ProbeStatus.Progressing, "without the deleted uid a same-named object cannot be told apart");
    }

    private async Task<ResourceRef> CreateConfigMapAsync(JsonObject data, string? finalizer = null)
    {
        var name = UniqueName("cm");
        var body = ConfigMap(name, data);
        if (finalizer is not null)
        {
            body["metadata"]!["finalizers"] = new JsonArray(finalizer);
        }

        await Client.CreateAsync(s_configMaps, body, cancellationToken: Ct);
        return s_configMaps.WithName(name);
    }

    private static JsonObject ConfigMap(string name, JsonObject data) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "ConfigMap",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "demo" },
        ["data"] = data.DeepClone(),
    };
}
