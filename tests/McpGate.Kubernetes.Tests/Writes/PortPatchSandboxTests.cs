using System.Text.Json.Nodes;
using McpGate.Core.Cluster;
using McpGate.Kubernetes.Tests.Support;

namespace McpGate.Kubernetes.Tests.Writes;

/// <summary>The port's patch of each type against the sandbox, checked on the cluster afterwards.</summary>
public sealed class PortPatchSandboxTests : PortSandboxTest, IClassFixture<KubeSandboxFixture>
{
    public PortPatchSandboxTests(KubeSandboxFixture sandbox)
        : base(sandbox)
    {
    }

    public static TheoryData<PatchType> PatchTypes => new() { PatchType.Merge, PatchType.StrategicMerge, PatchType.Json };

    [Fact]
    public async Task PatchAsync_StrategicMergeOfOneContainer_ChangesItAndKeepsTheOther()
    {
        var (target, settled) = await CreateSettledDeploymentAsync(TestObjects.TwoContainerDeployment(TestDeployments.UniqueName("smp")));
        var patch = new JsonObject
        {
            ["spec"] = new JsonObject
            {
                ["template"] = new JsonObject
                {
                    ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "sidecar", ["image"] = "busybox:1.37" }) },
                },
            },
        };

        var returned = await Port.PatchAsync(
            target, new PatchRequest { Type = PatchType.StrategicMerge, Patch = patch, ResourceVersion = TestDeployments.ResourceVersion(settled) }, dryRun: false, Ct);

        TestObjects.Containers(returned).Should().Equal("app=nginx:1.27", "sidecar=busybox:1.37");
        TestObjects.Containers((await ObservedAsync(target))!).Should().Equal("app=nginx:1.27", "sidecar=busybox:1.37");
    }

    [Fact]
    public async Task PatchAsync_MergePatchOfContainers_ReplacesTheWholeList()
    {
        var (target, _) = await CreateSettledDeploymentAsync(TestObjects.TwoContainerDeployment(TestDeployments.UniqueName("mp")));
        var patch = new JsonObject
        {
            ["spec"] = new JsonObject
            {
                ["template"] = new JsonObject
                {
                    ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "sidecar", ["image"] = "busybox:1.37" }) },
                },
            },
        };

        await Port.PatchAsync(target, new PatchRequest { Type = PatchType.Merge, Patch = patch }, dryRun: false, Ct);

        TestObjects.Containers((await ObservedAsync(target))!).Should().Equal(["sidecar=busybox:1.37"], "RFC 7386 replaces arrays: the port sent a merge patch, not a strategic one");
    }

    [Fact]
    public async Task PatchAsync_JsonPatchAtCurrentResourceVersion_AppliesEveryOperation()
    {
        var (target, created) = await CreateConfigMapAsync("jp");
        var operations = new JsonArray(
            new JsonObject { ["op"] = "replace", ["path"] = "/data/key", ["value"] = "two" },
            new JsonObject { ["op"] = "add", ["path"] = "/data/other", ["value"] = "three" });

        var returned = await Port.PatchAsync(
            target, new PatchRequest { Type = PatchType.Json, Patch = operations, ResourceVersion = TestDeployments.ResourceVersion(created) }, dryRun: false, Ct);

        var observed = (await ObservedAsync(target))!;
        TestObjects.Data(observed).Should().Be("two");
        TestObjects.Data(observed, "other").Should().Be("three");
        TestDeployments.ResourceVersion(observed).Should().Be(TestDeployments.ResourceVersion(returned)).And.NotBe(TestDeployments.ResourceVersion(created));
        operations.Should().HaveCount(2, "the caller's operations are copied, not prefixed in place");
    }

    [Theory]
    [MemberData(nameof(PatchTypes))]
    public async Task PatchAsync_StaleResourceVersion_ConflictAndClusterKeepsTheOtherWrite(PatchType type)
    {
        var (target, created) = await CreateConfigMapAsync("stale");
        await Client.PatchAsync(target, new JsonObject { ["data"] = new JsonObject { ["key"] = "meanwhile" } }, cancellationToken: Ct);
        var before = (await ObservedAsync(target))!;

        var act = () => Port.PatchAsync(target, SetKey(type, "mine", TestDeployments.ResourceVersion(created)), dryRun: false, Ct);

        var error = (await act.Should().ThrowAsync<ClusterException>()).Which;
        error.Kind.Should().Be(ClusterErrorKind.Conflict);
        error.Message.Should().Contain(target.ToString());
        var after = (await ObservedAsync(target))!;
        TestObjects.Data(after).Should().Be("meanwhile");
        TestDeployments.ResourceVersion(after).Should().Be(TestDeployments.ResourceVersion(before));
    }

    [Fact]
    public async Task PatchAsync_JsonPatchStaleResourceVersion_SaysWhichVersionsDiffer()
    {
        var (target, created) = await CreateConfigMapAsync("stalejp");
        var moved = await Client.PatchAsync(target, new JsonObject { ["data"] = new JsonObject { ["key"] = "meanwhile" } }, cancellationToken: Ct);

        var act = () => Port.PatchAsync(target, SetKey(PatchType.Json, "mine", TestDeployments.ResourceVersion(created)), dryRun: false, Ct);

        (await act.Should().ThrowAsync<ClusterException>()).Which.Message.Should()
            .Contain($"the object is at resourceVersion {TestDeployments.ResourceVersion(moved)}, the patch expected {TestDeployments.ResourceVersion(created)}");
    }

    [Fact]
    public async Task PatchAsync_JsonPatchOwnTestFailsAtCurrentVersion_IsInvalidNotConflict()
    {
        var (target, created) = await CreateConfigMapAsync("owntest");
        var operations = new JsonArray(
            new JsonObject { ["op"] = "test", ["path"] = "/data/key", ["value"] = "not-the-value" },
            new JsonObject { ["op"] = "replace", ["path"] = "/data/key", ["value"] = "two" });

        var act = () => Port.PatchAsync(
            target, new PatchRequest { Type = PatchType.Json, Patch = operations, ResourceVersion = TestDeployments.ResourceVersion(created) }, dryRun: false, Ct);

        (await act.Should().ThrowAsync<ClusterException>()).Which.Kind.Should().Be(ClusterErrorKind.Invalid);
        TestObjects.Data((await ObservedAsync(target))!).Should().Be("one");
    }

    [Fact]
    public async Task PatchAsync_JsonPatchPreconditionOnDeletedObject_IsNotFound()
    {
        var (target, created) = await CreateConfigMapAsync("gone");
        await Client.DeleteAsync(target, cancellationToken: Ct);

        var act = () => Port.PatchAsync(target, SetKey(PatchType.Json, "mine", TestDeployments.ResourceVersion(created)), dryRun: false, Ct);

        (await act.Should().ThrowAsync<ClusterException>()).Which.Kind.Should().Be(ClusterErrorKind.NotFound);
        (await ObservedAsync(target)).Should().BeNull();
    }

    [Theory]
    [MemberData(nameof(PatchTypes))]
    public async Task PatchAsync_DryRun_ReturnsThePatchedObjectAndPersistsNothing(PatchType type)
    {
        var (target, created) = await CreateConfigMapAsync("dry");

        var returned = await Port.PatchAsync(target, SetKey(type, "dry", TestDeployments.ResourceVersion(created)), dryRun: true, Ct);

        TestObjects.Data(returned).Should().Be("dry");
        var observed = (await ObservedAsync(target))!;
        TestObjects.Data(observed).Should().Be("one");
        TestDeployments.ResourceVersion(observed).Should().Be(TestDeployments.ResourceVersion(created));
    }

    [Fact]
    public async Task PatchAsync_ScaleSubresource_ChangesReplicasAndGetSubresourceSeesThem()
    {
        var (target, settled) = await CreateSettledDeploymentAsync(TestDeployments.Body(TestDeployments.UniqueName("scale"), 1));
        var patch = new JsonObject { ["spec"] = new JsonObject { ["replicas"] = 3 } };

        var scale = await Port.PatchAsync(
            target,
            new PatchRequest { Type = PatchType.Merge, Patch = patch, Subresource = "scale", ResourceVersion = TestDeployments.ResourceVersion(settled) },
            dryRun: false,
            Ct);

        scale["kind"]!.GetValue<string>().Should().Be("Scale");
        TestDeployments.Replicas((await ObservedAsync(target))!).Should().Be(3);
        var read = await Port.GetSubresourceAsync(target, "scale", Ct);
        read!["spec"]!["replicas"]!.GetValue<int>().Should().Be(3);
    }

    [Fact]
    public async Task GetSubresourceAsync_MissingObject_ReturnsNullButUnknownSubresourceThrows()
    {
        (await Port.GetSubresourceAsync(TestDeployments.Named("absent"), "scale", Ct)).Should().BeNull();

        var act = () => Port.GetSubresourceAsync(TestDeployments.Named("web"), "no-such-subresource", Ct);

        await act.Should().ThrowAsync<ClusterException>();
    }

    [Fact]
    public async Task PatchAsync_FieldManager_IsMcpgateUnlessTheRequestNamesAnother()
    {
        var (target, _) = await CreateConfigMapAsync("fm");

        var ours = new JsonObject { ["data"] = new JsonObject { ["ours"] = "a" } };
        var theirs = new JsonObject { ["data"] = new JsonObject { ["theirs"] = "b" } };

        await Port.PatchAsync(target, new PatchRequest { Type = PatchType.Merge, Patch = ours }, dryRun: false, Ct);
        await Port.PatchAsync(target, new PatchRequest { Type = PatchType.StrategicMerge, Patch = theirs, FieldManager = "operator-x" }, dryRun: false, Ct);

        var managed = (await ObservedAsync(target))!["metadata"]!["managedFields"]!.AsArray();
        managed.Select(f => f!["manager"]!.GetValue<string>()).Should().Contain(["mcpgate", "operator-x"]);
        managed.Single(f => f!["manager"]!.GetValue<string>() == "mcpgate")!["fieldsV1"]!.ToJsonString().Should().Contain("f:ours").And.NotContain("f:theirs");
    }

    [Fact]
    public async Task PatchAsync_EngineMergePatch_StillAppliesWithItsPrecondition()
    {
        var (target, created) = await CreateConfigMapAsync("engine");

        await Port.PatchAsync(target, new JsonObject { ["data"] = new JsonObject { ["key"] = "two" } }, TestDeployments.ResourceVersion(created), dryRun: false, Ct);
        var stale = () => Port.PatchAsync(target, new JsonObject { ["data"] = new JsonObject { ["key"] = "three" } }, TestDeployments.ResourceVersion(created), dryRun: false, Ct);

        (await stale.Should().ThrowAsync<ClusterException>()).Which.Kind.Should().Be(ClusterErrorKind.Conflict);
        TestObjects.Data((await ObservedAsync(target))!).Should().Be("two");
    }

    [Fact]
    public async Task PatchAsync_MissingObject_IsNotFound()
    {
        var act = () => Port.PatchAsync(TestObjects.ConfigMaps.WithName("absent-cm"), SetKey(PatchType.StrategicMerge, "x", null), dryRun: false, Ct);

        (await act.Should().ThrowAsync<ClusterException>()).Which.Kind.Should().Be(ClusterErrorKind.NotFound);
    }

    /// <summary>The same change, <c>data.key = value</c>, in each patch type.</summary>
    private static PatchRequest SetKey(PatchType type, string value, string? resourceVersion) => new()
    {
        Type = type,
        Patch = type == PatchType.Json
            ? new JsonArray(new JsonObject { ["op"] = "replace", ["path"] = "/data/key", ["value"] = value })
            : new JsonObject { ["data"] = new JsonObject { ["key"] = value } },
        ResourceVersion = resourceVersion,
    };
}
