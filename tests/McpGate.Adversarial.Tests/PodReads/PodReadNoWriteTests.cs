using McpGate.Testing.Mcp;

namespace McpGate.Adversarial.Tests.PodReads;

/// <summary>
/// Hostile arguments to the pod, log, event and namespace tools (selectors smuggling query parameters,
/// forged continue tokens, extreme limits, names that do not exist), many at once: every call gets an
/// answer or a clear error, the server keeps serving, and the cluster receives no request that could write.
/// </summary>
public sealed class PodReadNoWriteTests(PodReadsGate gate) : IClassFixture<PodReadsGate>
{
    public static IEnumerable<(string Tool, Dictionary<string, object?> Arguments)> Hostile()
    {
        var ns = PodReadsGate.Namespace;
        foreach (var selector in new[] { "app=leaky&dryRun=All", "app=leaky%26watch=true", "app=leaky?propagationPolicy=Foreground", "app in (leaky", "=====" })
        {
            yield return ("pods_list", new() { ["namespace"] = ns, ["label_selector"] = selector });
            yield return ("pods_list", new() { ["namespace"] = ns, ["field_selector"] = selector });
            yield return ("namespaces_list", new() { ["label_selector"] = selector });
        }

        foreach (var token in new[] { "not-a-token", "eyJ2IjoibWV0YS5rOHMuaW8vdjEiLCJydiI6MSwic3RhcnQiOiJrdWJlLXN5c3RlbS8ifQ", "../../../../api/v1/secrets", "%00" })
        {
            yield return ("pods_list", new() { ["namespace"] = ns, ["continue"] = token });
            yield return ("namespaces_list", new() { ["continue"] = token });
        }

        foreach (var limit in new object?[] { 1, 500, 0, -5, int.MaxValue, "ten" })
        {
            yield return ("pods_list", new() { ["limit"] = limit });
            yield return ("events_list", new() { ["limit"] = limit });
        }

        foreach (var kind in new[] { "Secret", "secrets", "Pod.evil", "Deployment/../../secrets", "nope" })
        {
            yield return ("events_list", new() { ["namespace"] = ns, ["involved_kind"] = kind, ["involved_name"] = "leaky" });
        }

        foreach (var (container, previous) in new[] { ("app", true), ("sidecar", true), ("nope", false), ("app", false) })
        {
            yield return ("pods_log", new() { ["namespace"] = ns, ["name"] = "leaky", ["container"] = container, ["previous"] = previous });
        }

        yield return ("pods_log", new() { ["namespace"] = ns, ["name"] = "leaky" });
        yield return ("pods_log", new() { ["namespace"] = ns, ["name"] = "leaky", ["container"] = "app", ["limit_bytes"] = 65537 });
        yield return ("pods_log", new() { ["namespace"] = ns, ["name"] = "leaky", ["container"] = "app", ["tail_lines"] = 0 });
        yield return ("pods_get", new() { ["namespace"] = ns, ["name"] = "leaky/log" });
        yield return ("pods_get", new() { ["namespace"] = ns, ["name"] = "lea" });
        yield return ("pods_get", new() { ["namespace"] = "kube-system", ["name"] = "leaky" });
    }

    [Fact]
    public async Task Reads_HostileArgumentsAllAtOnce_AnswerClearlyAndNeverWrite()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var writesBefore = gate.Writes();
        var calls = Hostile().ToList();

        var results = await Task.WhenAll(calls.Select(c => gate.Client.CallToolAsync(c.Tool, c.Arguments, cancellationToken: timeout.Token).AsTask()));

        for (var i = 0; i < calls.Count; i++)
        {
            var text = McpGateClient.TextOf(results[i]);
            text.Should().NotBeNullOrWhiteSpace();
            text.Should().NotContain("failed inside the gate", $"{calls[i].Tool} {string.Join(",", calls[i].Arguments.Select(a => $"{a.Key}={a.Value}"))} must be handled");
            text.Should().NotContainAny(PodReadsGate.Secrets);
        }

        results.Should().Contain(r => r.IsError == true).And.Contain(r => r.IsError != true);
        gate.Writes().Should().Be(writesBefore, "a read tool sends GET requests only, whatever its arguments");
        var after = await gate.Client.CallOkAsync("pods_list", new() { ["namespace"] = PodReadsGate.Namespace }, cancellationToken: timeout.Token);
        after.GetProperty("pods").GetArrayLength().Should().Be(1, "the server still answers and the pod is still there");
    }

    [Theory]
    [InlineData("app", "has no previous instance")]
    [InlineData("nope", "has no container nope; its containers: app, sidecar.")]
    public async Task PodsLog_BadContainerOrPrevious_IsAClearErrorAndNoWrite(string container, string expected)
    {
        var writesBefore = gate.Writes();

        var result = await gate.Client.CallToolAsync("pods_log", new Dictionary<string, object?>
        {
            ["namespace"] = PodReadsGate.Namespace, ["name"] = "leaky", ["container"] = container, ["previous"] = container == "app",
        });

        result.IsError.Should().BeTrue();
        McpGateClient.TextOf(result).Should().Contain(expected);
        gate.Writes().Should().Be(writesBefore);
    }
}
