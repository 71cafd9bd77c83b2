using System.Text.Json;

namespace McpGate.Server.Tests.Tools.Reads;

public sealed class PodReadToolsTests(TriageGate triage) : IClassFixture<TriageGate>
{
    private ModelContextProtocol.Client.McpClient Client => triage.Gate.Client;

    [Fact]
    public async Task PodsList_Triage_ShowsKubectlStatusesAndWhyEachIsNotReady()
    {
        var (text, data) = await Client.ReadAsync("pods_list", new() { ["namespace"] = TriageGate.Namespace });

        text.Should().StartWith("5 pods in namespace triage on cluster sandbox");
        text.Split('\n')[1].Should().MatchRegex(@"^NAME\s+READY\s+STATUS\s+RESTARTS\s+NODE\s+AGE$");
        text.Should().MatchRegex(@"crasher\s+0/1\s+CrashLoopBackOff\s+[1-9]\d* \(\d+[smh] ago\)\s+sandbox-worker-\d");
        text.Should().MatchRegex(@"stuck\s+0/1\s+Pending\s+0\s+<none>");
        text.Should().MatchRegex(@"duo\s+2/2\s+Running\s+0\s+sandbox-worker-\d");
        var pods = data.GetProperty("pods").EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!);

        var crasher = pods["crasher"];
        crasher.GetProperty("status").GetString().Should().Be("CrashLoopBackOff");
        crasher.GetProperty("phase").GetString().Should().Be("Running");
        crasher.GetProperty("restarts").GetInt64().Should().BeGreaterThan(0);
        crasher.GetProperty("reason").GetString().Should().Be("CrashLoopBackOff");
        crasher.GetProperty("message").GetString().Should().Contain("last termination: Error (exit code 1)");

        var puller = pods["puller"];
        puller.GetProperty("status").GetString().Should().BeOneOf("ErrImagePull", "ImagePullBackOff");
        puller.GetProperty("reason").GetString().Should().BeOneOf("ErrImagePull", "ImagePullBackOff");
        puller.GetProperty("message").GetString().Should().Contain("invalid.example/shop/api:2.0");

        var stuck = pods["stuck"];
        stuck.GetProperty("phase").GetString().Should().Be("Pending");
        stuck.GetProperty("reason").GetString().Should().Be("Unschedulable");
        stuck.GetProperty("message").GetString().Should().Contain("nodes are available");
        stuck.GetProperty("node").ValueKind.Should().Be(JsonValueKind.Null);

        var duo = pods["duo"];
        duo.GetProperty("ready").GetInt32().Should().Be(2);
        duo.GetProperty("total").GetInt32().Should().Be(2);
        duo.TryGetProperty("reason", out _).Should().BeFalse("a ready pod needs no reason");
        data.GetRawText().Should().NotContain(TriageGate.SecretValue);
    }

    [Fact]
    public async Task PodsList_Selectors_NarrowTheList()
    {
        var (_, byLabel) = await Client.ReadAsync("pods_list", new() { ["namespace"] = "prod", ["label_selector"] = "app=web" });
        var (text, byField) = await Client.ReadAsync("pods_list", new() { ["namespace"] = TriageGate.Namespace, ["field_selector"] = "status.phase=Pending" });

        byLabel.GetProperty("pods").Names().Should().HaveCount(4).And.OnlyContain(n => n.StartsWith("web-", StringComparison.Ordinal));
        byField.GetProperty("pods").Names().Should().BeEquivalentTo("puller", "stuck");
        text.Should().Contain("with fields status.phase=Pending");
    }

    [Fact]
    public async Task PodsList_LimitAndContinue_TwoDisjointPagesThatAddUp()
    {
        var (_, all) = await Client.ReadAsync("pods_list", new() { ["namespace"] = "prod" });
        var (firstText, first) = await Client.ReadAsync("pods_list", new() { ["namespace"] = "prod", ["limit"] = 5 });
        var token = first.GetProperty("continue").GetString()!;
        var (_, second) = await Client.ReadAsync("pods_list", new() { ["namespace"] = "prod", ["limit"] = 500, ["continue"] = token });

        first.GetProperty("truncated").GetBoolean().Should().BeTrue();
        firstText.Should().Contain("Truncated at 5 items").And.Contain($"Call again with continue: \"{token}\" for the next page");
        var page1 = first.GetProperty("pods").Names().ToList();
        var page2 = second.GetProperty("pods").Names().ToList();
        page1.Should().HaveCount(5);
        page2.Should().NotIntersectWith(page1);
        page1.Concat(page2).Should().BeEquivalentTo(all.GetProperty("pods").Names());
        second.GetProperty("truncated").GetBoolean().Should().BeFalse();
    }

    [Fact]
    public async Task PodsList_NoNamespace_ListsEveryNamespaceWithANamespaceColumn()
    {
        var (text, data) = await Client.ReadAsync("pods_list", new() { ["limit"] = 500 });

        text.Should().Contain("in all namespaces");
        text.Split('\n')[1].Should().MatchRegex(@"^NAMESPACE\s+NAME\s+READY\s+STATUS");
        data.GetProperty("pods").EnumerateArray().Select(p => p.GetProperty("namespace").GetString()).Distinct()
            .Should().Contain(["demo", "prod", "staging", TriageGate.Namespace]);
        data.GetProperty("namespace").ValueKind.Should().Be(JsonValueKind.Null);
    }

    [Theory]
    [InlineData("triag")]
    [InlineData("nope")]
    public async Task PodsList_UnknownNamespace_SaysItDoesNotExist(string ns)
    {
        var error = await Client.FailAsync("pods_list", new() { ["namespace"] = ns });

        error.Should().Contain($"namespace {ns} does not exist on cluster sandbox").And.Contain("namespaces_list");
    }

    [Fact]
    public async Task PodsList_EmptyNamespace_IsAnEmptyListNotAnError()
    {
        var (text, data) = await Client.ReadAsync("pods_list", new() { ["namespace"] = TriageGate.EmptyNamespace });

        data.GetProperty("pods").GetArrayLength().Should().Be(0);
        data.GetProperty("count").GetInt32().Should().Be(0);
        text.Should().StartWith($"0 pods in namespace {TriageGate.EmptyNamespace}");
    }

    [Fact]
    public async Task PodsGet_CrashLoopingPod_ShowsContainerStateLastTerminationAndEnvNamesOnly()
    {
        var (text, pod) = await Client.ReadAsync("pods_get", new() { ["namespace"] = TriageGate.Namespace, ["name"] = "crasher" });

        var container = pod.GetProperty("containers").EnumerateArray().Single();
        container.GetProperty("image").GetString().Should().Be("ghcr.io/example/api:crashloop");
        container.GetProperty("ready").GetBoolean().Should().BeFalse();
        container.GetProperty("restartCount").GetInt64().Should().BeGreaterThan(0);
        container.GetProperty("state").GetProperty("status").GetString().Should().Be("waiting");
        container.GetProperty("state").GetProperty("reason").GetString().Should().Be("CrashLoopBackOff");
        container.GetProperty("lastState").GetProperty("status").GetString().Should().Be("terminated");
        container.GetProperty("lastState").GetProperty("exitCode").GetInt32().Should().Be(1);
        container.GetProperty("env").EnumerateArray().Select(e => e.GetString()).Should().Equal("DB_PASSWORD");
        pod.GetProperty("node").GetString().Should().StartWith("sandbox-worker-");
        pod.GetProperty("podIP").GetString().Should().NotBeNullOrEmpty();
        pod.GetProperty("conditions").EnumerateArray().Select(c => c.GetProperty("type").GetString()).Should().Contain(["Ready", "PodScheduled"]);
        text.Should().Contain("containers[0].state.reason: CrashLoopBackOff");
        (text + pod.GetRawText()).Should().NotContain(TriageGate.SecretValue);
    }

    [Fact]
    public async Task PodsGet_PodOfADeployment_NamesItsOwner()
    {
        var (_, list) = await Client.ReadAsync("pods_list", new() { ["namespace"] = "demo", ["label_selector"] = "app=web", ["limit"] = 1 });
        var name = list.GetProperty("pods").Names().Single();

        var (_, pod) = await Client.ReadAsync("pods_get", new() { ["namespace"] = "demo", ["name"] = name });

        pod.GetProperty("owner").GetString().Should().StartWith("ReplicaSet/web-");
        pod.GetProperty("status").GetString().Should().Be("Running");
        pod.TryGetProperty("reason", out _).Should().BeFalse();
    }

    [Theory]
    [InlineData("crashr", "crasher")]
    [InlineData("pullr", "puller")]
    public async Task PodsGet_MisspeltPod_NamesTheNearest(string asked, string nearest)
    {
        var error = await Client.FailAsync("pods_get", new() { ["namespace"] = TriageGate.Namespace, ["name"] = asked });

        error.Should().Contain($"pod {asked} was not found in namespace triage").And.Contain($"Similar names in namespace triage: {nearest}");
    }

    [Fact]
    public async Task PodsGet_InAMissingNamespace_SaysTheNamespaceIsMissing()
    {
        var error = await Client.FailAsync("pods_get", new() { ["namespace"] = "nope", ["name"] = "crasher" });

        error.Should().Contain("Namespace nope does not exist either");
    }

    [Fact]
    public async Task NamespacesList_ShowsStatusAndAge_AndPages()
    {
        var (text, all) = await Client.ReadAsync("namespaces_list", new());
        var (_, first) = await Client.ReadAsync("namespaces_list", new() { ["limit"] = 2 });
        var (_, rest) = await Client.ReadAsync("namespaces_list", new() { ["continue"] = first.GetProperty("continue").GetString() });

        text.Split('\n')[1].Should().MatchRegex(@"^NAME\s+STATUS\s+AGE$");
        text.Should().MatchRegex(@"\btriage\s+Active\s+\d+[smhd]\b");
        var items = all.GetProperty("namespaces").EnumerateArray().ToList();
        items.Select(n => n.GetProperty("name").GetString()).Should().Contain(["default", "demo", "kube-system", "prod", "staging", TriageGate.Namespace, TriageGate.EmptyNamespace]);
        items.Should().OnlyContain(n => n.GetProperty("status").GetString() == "Active");
        first.GetProperty("namespaces").Names().Should().HaveCount(2).And.NotIntersectWith(rest.GetProperty("namespaces").Names());
        first.GetProperty("namespaces").Names().Concat(rest.GetProperty("namespaces").Names()).Should().BeEquivalentTo(all.GetProperty("namespaces").Names());
    }

    [Theory]
    [InlineData("pods_list", "limit", 0)]
    [InlineData("pods_list", "limit", 501)]
    [InlineData("namespaces_list", "limit", -1)]
    public async Task List_LimitOutOfRange_IsRefusedNamingTheField(string tool, string field, int value)
    {
        var error = await Client.FailAsync(tool, new() { [field] = value });

        error.Should().Contain(field);
    }
}
