using McpGate.Testing.Mcp;

namespace McpGate.Adversarial.Tests.PodReads;

/// <summary>
/// Credentials planted where pod and event reads look (environment values, a last-applied annotation,
/// container arguments, event messages with bearer tokens and private keys) never come back through
/// any of the pod, log, event or namespace tools, in the text or in the structured content.
/// </summary>
public sealed class PodReadLeakTests(PodReadsGate gate) : IClassFixture<PodReadsGate>
{
    public static TheoryData<string, Dictionary<string, object?>> Calls => new()
    {
        { "pods_list", new() { ["namespace"] = PodReadsGate.Namespace } },
        { "pods_list", new() { ["limit"] = 500 } },
        { "pods_list", new() { ["namespace"] = PodReadsGate.Namespace, ["label_selector"] = "app=leaky" } },
        { "pods_get", new() { ["namespace"] = PodReadsGate.Namespace, ["name"] = "leaky" } },
        { "pods_log", new() { ["namespace"] = PodReadsGate.Namespace, ["name"] = "leaky", ["container"] = "app" } },
        { "pods_log", new() { ["namespace"] = PodReadsGate.Namespace, ["name"] = "leaky", ["container"] = "sidecar" } },
        { "events_list", new() { ["namespace"] = PodReadsGate.Namespace } },
        { "events_list", new() { ["limit"] = 500 } },
        { "events_list", new() { ["namespace"] = PodReadsGate.Namespace, ["involved_kind"] = "pod", ["involved_name"] = "leaky" } },
        { "namespaces_list", new() },
    };

    [Theory]
    [MemberData(nameof(Calls))]
    public async Task Read_PlantedCredentials_NeverComeBack(string tool, Dictionary<string, object?> arguments)
    {
        var result = await gate.Client.CallToolAsync(tool, arguments);

        result.IsError.Should().NotBe(true, McpGateClient.TextOf(result));
        var everything = McpGateClient.TextOf(result) + "\n" + result.StructuredContent?.GetRawText();
        everything.Should().NotContainAny(PodReadsGate.Secrets, $"{tool} must redact what it reads");
    }

    [Fact]
    public async Task EventsList_TokensAndKeysInMessages_AreShownRedacted()
    {
        var events = await gate.Client.CallOkAsync("events_list", new() { ["namespace"] = PodReadsGate.Namespace, ["involved_name"] = "leaky" });

        var messages = events.GetProperty("events").EnumerateArray()
            .Where(e => e.GetProperty("reason").GetString() == "Leak").Select(e => e.GetProperty("message").GetString()!).ToList();
        messages.Should().HaveCount(5, "five different messages were planted");
        messages.Count(m => m.Contains("<redacted token>", StringComparison.Ordinal)).Should().Be(2);
        messages.Count(m => m.Contains("<redacted private key>", StringComparison.Ordinal)).Should().Be(3);
    }

    [Fact]
    public async Task PodsGet_Environment_NamesOnly()
    {
        var pod = await gate.Client.CallOkAsync("pods_get", new() { ["namespace"] = PodReadsGate.Namespace, ["name"] = "leaky" });

        var app = pod.GetProperty("containers").EnumerateArray().First();
        app.GetProperty("env").EnumerateArray().Select(e => e.GetString()).Should().Equal("DB_PASSWORD", "GREETING", "API_KEY");
    }
}
