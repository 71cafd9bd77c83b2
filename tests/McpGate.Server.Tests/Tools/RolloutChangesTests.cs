using System.Text.Json.Nodes;
using McpGate.Core.Cluster;
using McpGate.Testing.Mcp;

namespace McpGate.Server.Tests.Tools;

/// <summary>rollout_status and rollout_history after changes made behind the gate's back through the sandbox API: new revisions, a pause, a stuck rollout.</summary>
public sealed class RolloutChangesTests
{
    private static readonly TimeSpan s_settle = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task RolloutHistory_AfterTwoImageChanges_ListsThreeRevisionsWithCausesAndTheCurrent()
    {
        await using var gate = await InMemoryGate.StartAsync();
        await gate.Harness.Sandbox.WaitForSettledAsync(s_settle);
        await SetImageAsync(gate, "nginx:1.28", "upgrade to 1.28", ""","env":[{"name":"GREETING","value":"hello-from-revision-two"}]""");
        await SetImageAsync(gate, "nginx:1.29", "upgrade to 1.29", string.Empty);

        var result = await gate.Client.CallToolAsync("rollout_history", Web());

        result.IsError.Should().NotBe(true, McpGateClient.TextOf(result));
        var text = McpGateClient.TextOf(result);
        text.Should().StartWith("deployment demo/web on cluster sandbox: 3 revisions recorded, current 3\n");
        text.Should().MatchRegex(@"\n1\s+\d+[smhd]\s+nginx:1\.27\s+<none>\n2\s+\d+[smhd]\s+nginx:1\.28\s+upgrade to 1\.28\n3\s+\*\s+\d+[smhd]\s+nginx:1\.29\s+upgrade to 1\.29\n");
        var revisions = result.StructuredContent!.Value.GetProperty("revisions").EnumerateArray().ToList();
        revisions.Select(r => r.GetProperty("revision").GetInt64()).Should().Equal(1, 2, 3);
        revisions.Select(r => r.GetProperty("current").GetBoolean()).Should().Equal(false, false, true);
        revisions.Select(r => r.GetProperty("images")[0].GetString()).Should().Equal("nginx:1.27", "nginx:1.28", "nginx:1.29");
        revisions[1].GetProperty("changeCause").GetString().Should().Be("upgrade to 1.28");
        result.StructuredContent!.Value.GetProperty("currentRevision").GetInt64().Should().Be(3);
    }

    [Fact]
    public async Task RolloutHistory_OneRevision_ShowsItsTemplateWithoutEnvironmentValues()
    {
        await using var gate = await InMemoryGate.StartAsync();
        await gate.Harness.Sandbox.WaitForSettledAsync(s_settle);
        await SetImageAsync(gate, "nginx:1.28", "upgrade to 1.28", ""","env":[{"name":"GREETING","value":"hello-from-revision-two"}]""");
        await SetImageAsync(gate, "nginx:1.29", "upgrade to 1.29", string.Empty);

        var result = await gate.Client.CallToolAsync("rollout_history", Web(revision: 2));

        result.IsError.Should().NotBe(true, McpGateClient.TextOf(result));
        var text = McpGateClient.TextOf(result);
        text.Should().Contain("spec.containers[0].image: nginx:1.28").And.Contain("spec.containers[0].env[0]: GREETING");
        var data = result.StructuredContent!.Value;
        data.GetProperty("revisions").EnumerateArray().Single().GetProperty("revision").GetInt64().Should().Be(2);
        var container = data.GetProperty("template").GetProperty("spec").GetProperty("containers")[0];
        container.GetProperty("image").GetString().Should().Be("nginx:1.28");
        container.GetProperty("env").EnumerateArray().Select(e => e.GetString()).Should().Equal("GREETING");
        data.GetProperty("template").GetProperty("metadata").GetProperty("labels").TryGetProperty("pod-template-hash", out _).Should().BeFalse();
        (text + data.GetRawText()).Should().NotContain("hello-from-revision-two");

        var missing = await gate.Client.CallToolAsync("rollout_history", Web(revision: 7));
        missing.IsError.Should().BeTrue();
        McpGateClient.TextOf(missing).Should().Be("deployment demo/web has no revision 7; the revisions it keeps are: 1, 2, 3 (current 3).");
    }

    [Fact]
    public async Task RolloutStatus_PausedBeforeAnImageChange_SaysPausedNotWaiting()
    {
        await using var gate = await InMemoryGate.StartAsync();
        await gate.Harness.Sandbox.WaitForSettledAsync(s_settle);
        await gate.Harness.Cluster.PatchAsync(GateHarnessWeb, new JsonObject { ["spec"] = new JsonObject { ["paused"] = true } }, null, dryRun: false);
        await SetImageAsync(gate, "nginx:1.28", "paused change", string.Empty);

        var result = await gate.Client.CallOkAsync("rollout_status", Web());

        result.GetProperty("state").GetString().Should().Be("paused");
        result.GetProperty("done").GetBoolean().Should().BeFalse();
        result.GetProperty("paused").GetBoolean().Should().BeTrue();
        result.GetProperty("verdict").GetString().Should().StartWith("deployment \"web\" is paused with its rollout unfinished (0 out of 2 new replicas have been updated)");
        result.GetProperty("updated").GetInt64().Should().Be(0);
        result.GetProperty("available").GetInt64().Should().Be(2, "the old pods keep running while paused");
    }

    [Fact]
    public async Task RolloutStatus_PastItsProgressDeadline_SaysStalledWithTheReason()
    {
        await using var gate = await InMemoryGate.StartAsync();
        await gate.Harness.Sandbox.WaitForSettledAsync(s_settle);

        // Pods no node accepts stay Pending: no progress, and after one second the deadline is exceeded.
        await gate.Harness.Cluster.PatchAsync(GateHarnessWeb, new PatchRequest
        {
            Type = PatchType.StrategicMerge,
            Patch = JsonNode.Parse("""{"spec":{"progressDeadlineSeconds":1,"template":{"spec":{"nodeSelector":{"pool":"none"}}}}}""")!,
        }, dryRun: false);
        await WaitForDeadlineExceededAsync(gate);

        var result = await gate.Client.CallToolAsync("rollout_status", Web());

        result.IsError.Should().NotBe(true, "a stalled rollout is an answer, not a failed read");
        McpGateClient.TextOf(result).Should().StartWith("deployment demo/web on cluster sandbox: stalled: deployment \"web\" exceeded its progress deadline: ReplicaSet \"web-");
        var data = result.StructuredContent!.Value;
        data.GetProperty("state").GetString().Should().Be("stalled");
        data.GetProperty("done").GetBoolean().Should().BeFalse();
        data.GetProperty("conditions").EnumerateArray().Should().Contain(c =>
            c.GetProperty("type").GetString() == "Progressing" && c.GetProperty("reason").GetString() == "ProgressDeadlineExceeded");
        data.GetProperty("updated").GetInt64().Should().BeLessThan(data.GetProperty("desired").GetInt64());
    }

    [Fact]
    public async Task RolloutHistory_StatefulSetWithControllerRevisions_ListsThemAndTheCurrent()
    {
        await using var gate = await InMemoryGate.StartAsync();
        var cache = new ResourceRef { Group = "apps", Version = "v1", Resource = "statefulsets", Namespace = "prod", Name = "cache" };
        var owner = (await gate.Harness.Cluster.GetAsync(cache))!;
        var older = owner["spec"]!["template"]!.DeepClone().AsObject();
        older["spec"]!["containers"]![0]!["image"] = "redis:7.2";
        await CreateRevisionAsync(gate, owner, "cache-older", 1, older, cause: null);
        await CreateRevisionAsync(gate, owner, "cache-now", 2, owner["spec"]!["template"]!.AsObject(), cause: "redis 7.4");
        // Owned by another statefulset: not part of this history.
        await CreateRevisionAsync(gate, new JsonObject { ["metadata"] = new JsonObject { ["uid"] = "someone-else" }, ["spec"] = owner["spec"]!.DeepClone() }, "cache-foreign", 9, older, cause: null);

        var result = await gate.Client.CallOkAsync("rollout_history", new() { ["kind"] = "statefulset", ["namespace"] = "prod", ["name"] = "cache" });

        var revisions = result.GetProperty("revisions").EnumerateArray().ToList();
        revisions.Select(r => r.GetProperty("recordedBy").GetString()).Should().Equal("cache-older", "cache-now");
        revisions.Select(r => r.GetProperty("images")[0].GetString()).Should().Equal("redis:7.2", "redis:7.4");
        revisions.Select(r => r.GetProperty("current").GetBoolean()).Should().Equal(false, true);
        revisions[1].GetProperty("changeCause").GetString().Should().Be("redis 7.4");
        result.GetProperty("currentRevision").GetInt64().Should().Be(2);
    }

    private static Task<JsonObject> CreateRevisionAsync(InMemoryGate gate, JsonObject owner, string name, int revision, JsonObject template, string? cause)
    {
        var data = template.DeepClone().AsObject();
        data["$patch"] = "replace";
        var metadata = new JsonObject
        {
            ["name"] = name,
            ["namespace"] = "prod",
            ["labels"] = owner["spec"]!["selector"]!["matchLabels"]!.DeepClone(),
            ["ownerReferences"] = new JsonArray(new JsonObject
            {
                ["apiVersion"] = "apps/v1",
                ["kind"] = "StatefulSet",
                ["name"] = "cache",
                ["uid"] = owner["metadata"]!["uid"]!.DeepClone(),
                ["controller"] = true,
            }),
        };
        if (cause is not null)
        {
            metadata["annotations"] = new JsonObject { ["kubernetes.io/change-cause"] = cause };
        }

        return gate.Harness.Cluster.CreateAsync(
            new ResourceRef { Group = "apps", Version = "v1", Resource = "controllerrevisions", Namespace = "prod", Name = name },
            new CreateRequest
            {
                Body = new JsonObject
                {
                    ["apiVersion"] = "apps/v1",
                    ["kind"] = "ControllerRevision",
                    ["metadata"] = metadata,
                    ["data"] = new JsonObject { ["spec"] = new JsonObject { ["template"] = data } },
                    ["revision"] = revision,
                },
            },
            dryRun: false);
    }

    /// <summary>Watches demo/web until its Progressing condition says ProgressDeadlineExceeded (a pod no node fits never lets the sandbox settle).</summary>
    private static async Task WaitForDeadlineExceededAsync(InMemoryGate gate)
    {
        using var timeout = new CancellationTokenSource(s_settle);
        await foreach (var change in gate.Harness.Cluster.Client.WatchAsync(GateHarnessWeb, cancellationToken: timeout.Token))
        {
            var conditions = change.Item["status"]?["conditions"] as JsonArray ?? [];
            if (conditions.Any(c => c?["type"]?.GetValue<string>() == "Progressing" && c["reason"]?.GetValue<string>() == "ProgressDeadlineExceeded"))
            {
                return;
            }
        }
    }

    private static ResourceRef GateHarnessWeb => McpGate.Testing.Engine.GateHarness.Web;

    private static Dictionary<string, object?> Web(int? revision = null)
    {
        var arguments = new Dictionary<string, object?> { ["kind"] = "deployment", ["namespace"] = "demo", ["name"] = "web" };
        if (revision is { } r)
        {
            arguments["revision"] = r;
        }

        return arguments;
    }

    /// <summary>What set_image would do once approved, sent straight to the sandbox, with a change-cause; then waits for the rollout.</summary>
    private static async Task SetImageAsync(InMemoryGate gate, string image, string cause, string extraContainerJson)
    {
        await gate.Harness.Cluster.PatchAsync(GateHarnessWeb, new PatchRequest
        {
            Type = PatchType.StrategicMerge,
            Patch = JsonNode.Parse(
                "{\"metadata\":{\"annotations\":{\"kubernetes.io/change-cause\":\"" + cause + "\"}},"
                + "\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"web\",\"image\":\"" + image + "\"" + extraContainerJson + "}]}}}}")!,
        }, dryRun: false);
        await gate.Harness.Sandbox.WaitForIdleAsync(s_settle);
        var paused = (await gate.Harness.Cluster.GetAsync(GateHarnessWeb))?["spec"]?["paused"]?.GetValue<bool>() == true;
        if (!paused)
        {
            await gate.Harness.Sandbox.WaitForSettledAsync(s_settle);
        }
    }
}
