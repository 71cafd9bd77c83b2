using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using McpGate.Testing.Mcp;
using McpGate.Testing.Sandbox;
using ModelContextProtocol.Protocol;

namespace McpGate.Adversarial.Tests.Reads;

/// <summary>
/// No Secret value in the cluster, decoded or base64, reaches any tool's answer (text or structured
/// content) or the gate's log, whatever tool the gate lists: reads aimed at Secrets, every pod's log
/// where a log tool exists, and writes (which answer with pending changes).
/// </summary>
public sealed class SecretLeakTests(ReadGates gates) : IClassFixture<ReadGates>
{
    /// <summary>Shorter values (<c>app</c>) are ordinary words that appear in labels; they cannot be told apart from a leak.</summary>
    private const int MinLength = 6;

    [Fact]
    public async Task EveryTool_AnyArguments_NeverReturnsOrLogsASecretValue()
    {
        var secrets = await gates.SecretValuesAsync();
        var needles = Needles(secrets);
        needles.Select(n => n.Value).Should().Contain(["s3cr3t-sandbox-only", ReadGates.ApiToken], "the seeded and added secrets are read from the cluster");

        var tools = await gates.Admin.ListToolsAsync();
        tools.Select(t => t.Name).Should().Contain(["resources_get", "resources_list", "resources_describe", "secrets_list"]);
        var pods = await PodsAsync();
        var changeIds = new List<string>();
        var calls = new List<(string Tool, string Arguments, bool Error, string Answer)>();

        // Writes first: their pending changes give get_change a real change to show.
        foreach (var tool in tools.OrderBy(t => t.ProtocolTool.Annotations?.ReadOnlyHint == true ? 1 : 0).ThenBy(t => t.Name, StringComparer.Ordinal))
        {
            foreach (var arguments in ToolCalls.For(tool, pods, changeIds))
            {
                var result = await gates.Admin.CallToolAsync(tool.Name, arguments);
                var answer = Answer(result);
                calls.Add((tool.Name, JsonSerializer.Serialize(arguments), result.IsError == true, answer));
                if (result.StructuredContent is { } data && data.ValueKind == JsonValueKind.Object && data.TryGetProperty("changeId", out var id))
                {
                    changeIds.Add(id.GetString()!);
                }
            }
        }

        calls.Select(c => c.Tool).Distinct().Should().BeEquivalentTo(tools.Select(t => t.Name), "every listed tool was called");
        foreach (var call in calls)
        {
            foreach (var (where, value) in needles)
            {
                call.Answer.Should().NotContain(value, $"{call.Tool} {call.Arguments} answered with {where}");
            }
        }

        // The reads aimed at Secrets did answer (keys and sizes), so the absence above means something.
        calls.Should().Contain(c => c.Tool == "resources_get" && c.Arguments.Contains("db-credentials") && !c.Error && c.Answer.Contains("password(19B)"));
        calls.Should().Contain(c => c.Tool == "resources_describe" && c.Arguments.Contains("web-tls") && !c.Error && c.Answer.Contains("tls.key"));
        calls.Should().Contain(c => c.Tool == "secrets_list" && !c.Error && c.Answer.Contains("web-tls"));
        if (tools.Any(t => t.Name == "pods_log"))
        {
            calls.Count(c => c.Tool == "pods_log" && !c.Error).Should().BeGreaterThan(0, "pod logs were read");
        }

        var log = gates.AdminLog;
        log.Should().NotBeEmpty("the gate logs at Trace to the captured stderr");
        foreach (var line in log)
        {
            foreach (var (where, value) in needles)
            {
                line.Should().NotContain(value, $"the gate's log holds {where}");
            }
        }
    }

    /// <summary>Each value decoded and as stored, and each line of a multi-line value (a PEM body), long enough to tell from ordinary words.</summary>
    private static List<(string Where, string Value)> Needles(IReadOnlyList<(string Where, string Decoded, string Encoded)> secrets) =>
        [.. secrets.SelectMany(s => new[] { (s.Where, s.Decoded), ($"{s.Where} (base64)", s.Encoded) }
            .Concat(s.Decoded.Split('\n').Where(l => l.Length >= 12 && !l.StartsWith("-----", StringComparison.Ordinal)).Select(l => ($"{s.Where} (a line)", l))))
            .Where(n => n.Item2.Length >= MinLength)
            .Distinct()];

    private static string Answer(CallToolResult result)
    {
        var text = new StringBuilder(McpGateClient.TextOf(result));
        if (result.StructuredContent is { } data)
        {
            // Structured content as sent (escaped) and as read (unescaped): a value must be in neither.
            text.Append('\n').Append(data.GetRawText()).Append('\n').Append(JsonNode.Parse(data.GetRawText())!.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
        }

        return text.ToString();
    }

    private async Task<List<(string Namespace, string Name)>> PodsAsync()
    {
        using var http = SandboxHttpClients.Create(gates.Sandbox);
        var list = await System.Net.Http.Json.HttpClientJsonExtensions.GetFromJsonAsync<JsonObject>(http, "/api/v1/pods");
        return [.. list!["items"]!.AsArray().OfType<JsonObject>().Select(p => (p["metadata"]!["namespace"]!.GetValue<string>(), p["metadata"]!["name"]!.GetValue<string>()))];
    }
}
