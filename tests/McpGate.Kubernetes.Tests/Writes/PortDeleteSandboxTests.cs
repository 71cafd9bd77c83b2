using System.Text.Json.Nodes;
using McpGate.Core.Cluster;
using McpGate.Kubernetes.Tests.Support;

namespace McpGate.Kubernetes.Tests.Writes;

/// <summary>Delete through the port: preconditions, propagation, dry run; checked on the cluster afterwards.</summary>
public sealed class PortDeleteSandboxTests : PortSandboxTest, IClassFixture<KubeSandboxFixture>
{
    public PortDeleteSandboxTests(KubeSandboxFixture sandbox)
        : base(sandbox)
    {
    }

    [Fact]
    public async Task DeleteAsync_MatchingUidAndResourceVersion_DeletesAndReturnsTheStatus()
    {
        var (target, created) = await CreateConfigMapAsync("del");
        var preconditions = new DeletePreconditions { Uid = Uid(created), ResourceVersion = TestDeployments.ResourceVersion(created) };

        var status = await Port.DeleteAsync(target, new DeleteRequest { Preconditions = preconditions }, dryRun: false, Ct);

        status["kind"]!.GetValue<string>().Should().Be("Status");
        status["details"]!["uid"]!.GetValue<string>().Should().Be(Uid(created));
        (await ObservedAsync(target)).Should().BeNull();
    }

    [Theory]
    [InlineData("uid")]
    [InlineData("resourceVersion")]
    public async Task DeleteAsync_PreconditionNoLongerHolds_ConflictAndObjectStays(string which)
    {
        var (target, created) = await CreateConfigMapAsync("delpre");
        var moved = await Client.PatchAsync(target, new JsonObject { ["data"] = new JsonObject { ["key"] = "meanwhile" } }, cancellationToken: Ct);
        var preconditions = which == "uid"
            ? new DeletePreconditions { Uid = "00000000-0000-0000-0000-000000000000" }
            : new DeletePreconditions { Uid = Uid(created), ResourceVersion = TestDeployments.ResourceVersion(created) };

        var act = () => Port.DeleteAsync(target, new DeleteRequest { Preconditions = preconditions }, dryRun: false, Ct);

        var error = (await act.Should().ThrowAsync<ClusterException>()).Which;
        error.Kind.Should().Be(ClusterErrorKind.Conflict);
        error.Message.Should().Contain("Precondition failed");
        var observed = (await ObservedAsync(target))!;
        TestDeployments.ResourceVersion(observed).Should().Be(TestDeployments.ResourceVersion(moved));
        observed["metadata"]!["deletionTimestamp"].Should().BeNull();
    }

    [Fact]
    public async Task DeleteAsync_RecreatedUnderTheSameName_UidPreconditionProtectsTheNewObject()
    {
        var (target, old) = await CreateConfigMapAsync("reborn");
        await Client.DeleteAsync(target, cancellationToken: Ct);
        var reborn = await Client.CreateAsync(TestObjects.ConfigMaps, TestObjects.ConfigMap(target.Name!, "new"), cancellationToken: Ct);

        var act = () => Port.DeleteAsync(target, new DeleteRequest { Preconditions = new DeletePreconditions { Uid = Uid(old) } }, dryRun: false, Ct);

        (await act.Should().ThrowAsync<ClusterException>()).Which.Kind.Should().Be(ClusterErrorKind.Conflict);
        Uid((await ObservedAsync(target))!).Should().Be(Uid(reborn));
    }

    [Fact]
    public async Task DeleteAsync_Missing_IsNotFound()
    {
        var act = () => Port.DeleteAsync(TestObjects.ConfigMaps.WithName("never-there"), new DeleteRequest(), dryRun: false, Ct);

        var error = (await act.Should().ThrowAsync<ClusterException>()).Which;
        error.Kind.Should().Be(ClusterErrorKind.NotFound);
        error.StatusCode.Should().Be(404);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(DeletePropagation.Background)]
    [InlineData(DeletePropagation.Foreground)]
    [InlineData(DeletePropagation.Orphan)]
    public async Task DeleteAsync_DryRun_LeavesObjectAsItWas(DeletePropagation? propagation)
    {
        var (target, settled) = await CreateSettledDeploymentAsync(TestDeployments.Body(TestDeployments.UniqueName("deldry"), 1));

        await Port.DeleteAsync(target, new DeleteRequest { Propagation = propagation, Preconditions = new DeletePreconditions { Uid = Uid(settled) } }, dryRun: true, Ct);
        await Sandbox.WaitForIdleAsync(Ct);

        var observed = (await ObservedAsync(target))!;
        TestDeployments.ResourceVersion(observed).Should().Be(TestDeployments.ResourceVersion(settled));
        observed["metadata"]!["deletionTimestamp"].Should().BeNull();
        observed["metadata"]!["finalizers"].Should().BeNull();
        (await ReplicaSetsOfAsync(Uid(settled))).Should().NotBeEmpty();
    }

    [Fact]
    public async Task DeleteAsync_Foreground_ReturnsTheObjectMarkedForDeletionThenDependentsAndObjectGo()
    {
        var (target, settled) = await CreateSettledDeploymentAsync(TestDeployments.Body(TestDeployments.UniqueName("fg"), 2));
        (await ReplicaSetsOfAsync(Uid(settled))).Should().NotBeEmpty();

        var returned = await Port.DeleteAsync(target, new DeleteRequest { Propagation = DeletePropagation.Foreground }, dryRun: false, Ct);

        returned["kind"]!.GetValue<string>().Should().Be("Deployment");
        returned["metadata"]!["deletionTimestamp"].Should().NotBeNull();
        returned["metadata"]!["finalizers"]!.AsArray().Select(f => f!.GetValue<string>()).Should().Contain("foregroundDeletion");
        await Sandbox.WaitForIdleAsync(Ct);
        (await ObservedAsync(target)).Should().BeNull();
        (await ReplicaSetsOfAsync(Uid(settled))).Should().BeEmpty();
    }

    [Fact]
    public async Task DeleteAsync_ForegroundWithAnotherFinalizer_DependentsGoObjectWaitsForThatFinalizer()
    {
        var body = TestDeployments.Body(TestDeployments.UniqueName("hold"), 1);
        body["metadata"]!["finalizers"] = new JsonArray("example.com/hold");
        var (target, settled) = await CreateSettledDeploymentAsync(body);

        await Port.DeleteAsync(target, new DeleteRequest { Propagation = DeletePropagation.Foreground }, dryRun: false, Ct);
        await Sandbox.WaitForIdleAsync(Ct);

        var held = (await ObservedAsync(target))!;
        held["metadata"]!["deletionTimestamp"].Should().NotBeNull();
        held["metadata"]!["finalizers"]!.AsArray().Select(f => f!.GetValue<string>()).Should().Equal("example.com/hold");
        (await ReplicaSetsOfAsync(Uid(settled))).Should().BeEmpty();

        await Port.PatchAsync(target, new PatchRequest { Type = PatchType.Merge, Patch = new JsonObject { ["metadata"] = new JsonObject { ["finalizers"] = null } } }, dryRun: false, Ct);

        (await ObservedAsync(target)).Should().BeNull("removing the last finalizer of an object being deleted deletes it");
    }

    [Fact]
    public async Task DeleteAsync_Orphan_DependentsStayWithoutTheOwner()
    {
        var (target, settled) = await CreateSettledDeploymentAsync(TestDeployments.Body(TestDeployments.UniqueName("orph"), 1));
        var replicaSets = await ReplicaSetsOfAsync(Uid(settled));

        await Port.DeleteAsync(target, new DeleteRequest { Propagation = DeletePropagation.Orphan }, dryRun: false, Ct);
        await Sandbox.WaitForIdleAsync(Ct);

        (await ObservedAsync(target)).Should().BeNull();
        var left = (await ObservedAsync(TestObjects.ReplicaSets.WithName(replicaSets[0])))!;
        left["metadata"]!["ownerReferences"].Should().BeNull();
    }

    private static string Uid(JsonObject obj) => obj["metadata"]!["uid"]!.GetValue<string>();

    private async Task<List<string>> ReplicaSetsOfAsync(string ownerUid)
    {
        var list = await Port.ListAsync(TestObjects.ReplicaSets, new ListFilter(), Ct);
        return list["items"]!.AsArray()
            .Where(rs => (rs!["metadata"]!["ownerReferences"] as JsonArray ?? []).Any(o => o!["uid"]!.GetValue<string>() == ownerUid))
            .Select(rs => rs!["metadata"]!["name"]!.GetValue<string>())
            .ToList();
    }
}
