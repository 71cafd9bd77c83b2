using System.Net.Http.Headers;
using System.Text;
using McpGate.Testing.Mcp;
using McpGate.Testing.Sandbox;

namespace McpGate.Adversarial.Tests.NodeAndRolloutReads;

/// <summary>
/// rollout_history and rollout_status on a workload whose revisions carry credentials (an environment
/// value, a private key and a bearer token in annotations, a token in the change-cause) and hostile
/// selectors for the node and top tools: nothing secret comes back, nothing is written to the cluster.
/// </summary>
public sealed class WorkloadReadLeakTests(ReadGateFixture gate) : IClassFixture<ReadGateFixture>
{
    private const string Password = "hunter2-revision-password";
    private const string PlainValue = "plain-env-value-7f3a";
    private const string KeyBody = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7";
    private const string Jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZG1pbi1sZWFrIn0.c2lnbmF0dXJlLXZhbHVlLWxlYWs";
    private static readonly TimeSpan s_settle = TimeSpan.FromSeconds(30);
    private static readonly string[] s_secrets = [Password, PlainValue, KeyBody, Jwt];

    [Fact]
    public async Task RolloutHistoryAndStatus_RevisionsCarryingCredentials_NeverReturnThem()
    {
        await PatchWebAsync("""
            {"metadata":{"annotations":{"kubernetes.io/change-cause":"deploy with token @JWT@"}},
             "spec":{"template":{"metadata":{"annotations":{"tls.key":"-----BEGIN PRIVATE KEY-----\n@KEY@\n-----END PRIVATE KEY-----","auth":"Bearer @JWT@"}},
               "spec":{"containers":[{"name":"web","env":[{"name":"DB_PASSWORD","value":"@PW@"},{"name":"GREETING","value":"@PLAIN@"}]}]}}}}
            """.Replace("@JWT@", Jwt, StringComparison.Ordinal).Replace("@KEY@", KeyBody, StringComparison.Ordinal)
            .Replace("@PLAIN@", PlainValue, StringComparison.Ordinal).Replace("@PW@", Password, StringComparison.Ordinal));
        await gate.Sandbox.WaitForSettledAsync(s_settle);

        var calls = new List<(string Tool, Dictionary<string, object?> Arguments)>
        {
            ("rollout_history", Web()),
            ("rollout_history", Web(1)),
            ("rollout_history", Web(2)),
            ("rollout_history", Web(99)),
            ("rollout_status", Web()),
            ("get_deployment", new() { ["namespace"] = "demo", ["name"] = "web" }),
        };
        foreach (var (tool, arguments) in calls)
        {
            var result = await gate.Client.CallToolAsync(tool, arguments);

            var everything = McpGateClient.TextOf(result) + result.StructuredContent?.GetRawText();
            everything.Should().NotContainAny(s_secrets, $"{tool} {string.Join(",", arguments.Values)} must not return credentials");
        }

        var revision = await gate.Client.CallOkAsync("rollout_history", Web(2));
        revision.GetProperty("template").GetProperty("spec").GetProperty("containers")[0].GetProperty("env")
            .EnumerateArray().Select(e => e.GetString()).Should().Equal("DB_PASSWORD", "GREETING");
        revision.GetProperty("revisions")[0].GetProperty("changeCause").GetString().Should().Be("deploy with token <redacted token>");
    }

    public static TheoryData<string> HostileSelectors => new()
    {
        "app=web&watch=true",
        "app=web&fieldSelector=metadata.name=x",
        "app=web\n",
        "app=web%0Awatch=true",
        "app in (web",
        "app=web#fragment",
        "app=web/../../../api/v1/secrets",
        "=",
        ",,,",
        new string('a', 20_000),
        "app=\u202Eweb",
    };

    [Theory]
    [MemberData(nameof(HostileSelectors))]
    public async Task NodeAndTopTools_HostileLabelSelector_AnswerOrRefuse_AndWriteNothing(string selector)
    {
        gate.Sandbox.ResetRequestCounts();
        foreach (var (tool, arguments) in new (string, Dictionary<string, object?>)[]
        {
            ("nodes_list", new() { ["label_selector"] = selector }),
            ("nodes_top", new() { ["label_selector"] = selector }),
            ("pods_top", new() { ["label_selector"] = selector }),
            ("pods_top", new() { ["namespace"] = "prod", ["label_selector"] = selector }),
        })
        {
            var result = await gate.Client.CallToolAsync(tool, arguments);

            var text = McpGateClient.TextOf(result);
            text.Should().NotContain("Exception").And.NotContain("failed inside the gate", $"{tool} with {selector}");
            if (result.IsError != true)
            {
                result.StructuredContent.Should().NotBeNull();
                text.Should().NotContain("Opaque").And.NotContain("s3cr3t", "no selector turns a node or pod read into a secret read");
            }
        }

        Writes().Should().Be(0, "read tools send nothing but GET");
        (await gate.Client.CallOkAsync("pods_top", new() { ["namespace"] = "demo" })).GetProperty("count").GetInt32().Should().BeGreaterThan(0, "the gate still answers");
    }

    [Fact]
    public async Task TopAndRolloutTools_ManyCallsAtOnce_AllAnswerAndWriteNothing()
    {
        gate.Sandbox.ResetRequestCounts();
        var calls = Enumerable.Range(0, 40).Select(i => (i % 4) switch
        {
            0 => gate.Client.CallToolAsync("pods_top", new Dictionary<string, object?>()).AsTask(),
            1 => gate.Client.CallToolAsync("nodes_top", new Dictionary<string, object?>()).AsTask(),
            2 => gate.Client.CallToolAsync("rollout_status", new Dictionary<string, object?> { ["kind"] = "statefulset", ["namespace"] = "prod", ["name"] = "cache" }).AsTask(),
            _ => gate.Client.CallToolAsync("rollout_history", new Dictionary<string, object?> { ["kind"] = "deployment", ["namespace"] = "prod", ["name"] = i % 8 == 3 ? "web" : "nope" }).AsTask(),
        });

        var results = await Task.WhenAll(calls);

        results.Where((r, i) => i % 4 != 3 || i % 8 == 3).Should().OnlyContain(r => r.IsError != true);
        results.Where((r, i) => i % 4 == 3 && i % 8 != 3).Should().OnlyContain(r => r.IsError == true && McpGateClient.TextOf(r).Contains("was not found", StringComparison.Ordinal));
        Writes().Should().Be(0);
    }

    private long Writes() =>
        SandboxWrites.Count(gate.Sandbox);

    private static Dictionary<string, object?> Web(int? revision = null)
    {
        var arguments = new Dictionary<string, object?> { ["kind"] = "deployment", ["namespace"] = "demo", ["name"] = "web" };
        if (revision is { } r)
        {
            arguments["revision"] = r;
        }

        return arguments;
    }

    private async Task PatchWebAsync(string strategicMergePatch)
    {
        using var http = SandboxHttpClients.Create(gate.Sandbox);
        using var content = new StringContent(strategicMergePatch, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/strategic-merge-patch+json");
        using var response = await http.PatchAsync(new Uri("/apis/apps/v1/namespaces/demo/deployments/web", UriKind.Relative), content);
        response.IsSuccessStatusCode.Should().BeTrue(await response.Content.ReadAsStringAsync());
    }
}
