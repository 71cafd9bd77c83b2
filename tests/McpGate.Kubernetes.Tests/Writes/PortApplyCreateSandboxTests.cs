using System.Text.Json.Nodes;
using McpGate.Core.Cluster;
using McpGate.Kubernetes.Tests.Support;

namespace McpGate.Kubernetes.Tests.Writes;

/// <summary>Server-side apply and create through the port, checked on the cluster afterwards.</summary>
public sealed class PortApplyCreateSandboxTests : PortSandboxTest, IClassFixture<KubeSandboxFixture>
{
    public PortApplyCreateSandboxTests(KubeSandboxFixture sandbox)
        : base(sandbox)
    {
    }

    [Fact]
    public async Task ApplyAsync_AbsentThenPresent_CreatesThenUpdatesAsMcpgate()
    {
        var name = TestDeployments.UniqueName("ssa");
        var target = TestObjects.ConfigMaps.WithName(name);

        var created = await Port.ApplyAsync(target, new ApplyRequest { Manifest = TestObjects.ConfigMap(name, "one") }, dryRun: false, Ct);
        var updated = await Port.ApplyAsync(target, new ApplyRequest { Manifest = TestObjects.ConfigMap(name, "two") }, dryRun: false, Ct);

        TestObjects.Data(created).Should().Be("one");
        var observed = (await ObservedAsync(target))!;
        TestObjects.Data(observed).Should().Be("two");
        observed["metadata"]!["uid"]!.GetValue<string>().Should().Be(created["metadata"]!["uid"]!.GetValue<string>(), "the second apply updated the object it created");
        TestDeployments.ResourceVersion(observed).Should().Be(TestDeployments.ResourceVersion(updated));
        TestObjects.Managers(observed).Should().Equal("mcpgate");
        observed["metadata"]!["managedFields"]![0]!["operation"]!.GetValue<string>().Should().Be("Apply");
    }

    [Fact]
    public async Task ApplyAsync_FieldOwnedByAnotherManager_ConflictsWithoutForceAndTakesOverWithIt()
    {
        var name = TestDeployments.UniqueName("ssaown");
        var target = TestObjects.ConfigMaps.WithName(name);
        await Port.ApplyAsync(target, new ApplyRequest { Manifest = TestObjects.ConfigMap(name, "theirs"), FieldManager = "helm" }, dryRun: false, Ct);
        var before = (await ObservedAsync(target))!;

        var act = () => Port.ApplyAsync(target, new ApplyRequest { Manifest = TestObjects.ConfigMap(name, "mine") }, dryRun: false, Ct);

        var conflict = (await act.Should().ThrowAsync<ClusterException>()).Which;
        conflict.Kind.Should().Be(ClusterErrorKind.Conflict);
        conflict.Message.Should().Contain("data.key");
        var unchanged = (await ObservedAsync(target))!;
        TestObjects.Data(unchanged).Should().Be("theirs");
        TestDeployments.ResourceVersion(unchanged).Should().Be(TestDeployments.ResourceVersion(before));

        await Port.ApplyAsync(target, new ApplyRequest { Manifest = TestObjects.ConfigMap(name, "mine"), Force = true }, dryRun: false, Ct);

        var forced = (await ObservedAsync(target))!;
        TestObjects.Data(forced).Should().Be("mine");
        TestObjects.Managers(forced).Should().Contain("mcpgate");
    }

    [Fact]
    public async Task ApplyAsync_StaleResourceVersion_ConflictAndUnchanged()
    {
        var (target, created) = await CreateConfigMapAsync("ssarv");
        await Client.PatchAsync(target, new JsonObject { ["data"] = new JsonObject { ["key"] = "meanwhile" } }, cancellationToken: Ct);

        var act = () => Port.ApplyAsync(
            target, new ApplyRequest { Manifest = TestObjects.ConfigMap(target.Name!, "mine"), Force = true, ResourceVersion = TestDeployments.ResourceVersion(created) }, dryRun: false, Ct);

        (await act.Should().ThrowAsync<ClusterException>()).Which.Kind.Should().Be(ClusterErrorKind.Conflict);
        TestObjects.Data((await ObservedAsync(target))!).Should().Be("meanwhile");
    }

    [Fact]
    public async Task ApplyAsync_DryRun_NeitherCreatesNorUpdates()
    {
        var name = TestDeployments.UniqueName("ssadry");
        var absent = TestObjects.ConfigMaps.WithName(name);
        var (present, created) = await CreateConfigMapAsync("ssadry2");

        var wouldCreate = await Port.ApplyAsync(absent, new ApplyRequest { Manifest = TestObjects.ConfigMap(name, "x") }, dryRun: true, Ct);
        var wouldUpdate = await Port.ApplyAsync(present, new ApplyRequest { Manifest = TestObjects.ConfigMap(present.Name!, "y"), Force = true }, dryRun: true, Ct);

        TestObjects.Data(wouldCreate).Should().Be("x");
        TestObjects.Data(wouldUpdate).Should().Be("y");
        (await ObservedAsync(absent)).Should().BeNull();
        var observed = (await ObservedAsync(present))!;
        TestObjects.Data(observed).Should().Be("one");
        TestDeployments.ResourceVersion(observed).Should().Be(TestDeployments.ResourceVersion(created));
    }

    [Fact]
    public async Task CreateAsync_NewObject_CreatesItAsMcpgate()
    {
        var name = TestDeployments.UniqueName("create");
        var target = TestObjects.ConfigMaps.WithName(name);

        var created = await Port.CreateAsync(target, new CreateRequest { Body = TestObjects.ConfigMap(name, "one") }, dryRun: false, Ct);

        var observed = (await ObservedAsync(target))!;
        TestObjects.Data(observed).Should().Be("one");
        observed["metadata"]!["uid"]!.GetValue<string>().Should().Be(created["metadata"]!["uid"]!.GetValue<string>());
        TestObjects.Managers(observed).Should().Equal("mcpgate");
    }

    [Fact]
    public async Task CreateAsync_ExistingName_AlreadyExistsAndTheExistingObjectIsUnchanged()
    {
        var (target, created) = await CreateConfigMapAsync("exists");

        var act = () => Port.CreateAsync(target, new CreateRequest { Body = TestObjects.ConfigMap(target.Name!, "other") }, dryRun: false, Ct);

        var error = (await act.Should().ThrowAsync<ClusterException>()).Which;
        error.Kind.Should().Be(ClusterErrorKind.AlreadyExists, "a create's precondition is 'must not exist', not a resourceVersion conflict");
        error.StatusCode.Should().Be(409);
        var observed = (await ObservedAsync(target))!;
        TestObjects.Data(observed).Should().Be("one");
        TestDeployments.ResourceVersion(observed).Should().Be(TestDeployments.ResourceVersion(created));
    }

    [Fact]
    public async Task CreateAsync_DryRun_ReturnsTheObjectButItIsAbsentAfterwards()
    {
        var name = TestDeployments.UniqueName("createdry");
        var target = TestObjects.ConfigMaps.WithName(name);

        var wouldBe = await Port.CreateAsync(target, new CreateRequest { Body = TestObjects.ConfigMap(name, "one") }, dryRun: true, Ct);

        TestObjects.Data(wouldBe).Should().Be("one");
        (await ObservedAsync(target)).Should().BeNull();
    }

    [Fact]
    public async Task CreateAsync_NameOnlyOnTheTarget_FillsItIn()
    {
        var name = TestDeployments.UniqueName("fill");
        var body = TestObjects.ConfigMap(name, "one");
        body["metadata"]!.AsObject().Remove("name");
        body["metadata"]!.AsObject().Remove("namespace");

        await Port.CreateAsync(TestObjects.ConfigMaps.WithName(name), new CreateRequest { Body = body }, dryRun: false, Ct);

        (await ObservedAsync(TestObjects.ConfigMaps.WithName(name))).Should().NotBeNull();
        body["metadata"]!["name"].Should().BeNull("the caller's body is copied, not filled in place");
    }
}
