using System.Text.Json;
using McpGate.Testing.Mcp;
using McpGate.Testing.Processes;

namespace McpGate.Adversarial.Tests.Identities;

/// <summary>
/// Names with a newline, NUL, an encoded newline or an invisible character never reach the
/// cluster and never become a change, through any tool. The deployment's replicas and
/// resourceVersion and the ledger's changes are checked after every attempt.
/// </summary>
public sealed class NamespaceInjectionTests(NamespaceInjectionFixture gate) : IClassFixture<NamespaceInjectionFixture>
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(2);

    public static TheoryData<string, string> TaintedNamespaces => new()
    {
        { "trailing newline", "demo\n" },
        { "encoded newline", "demo%0A" },
        { "encoded newline, lower case", "demo%0a" },
        { "trailing NUL", "demo\0" },
        { "encoded NUL", "demo%00" },
        { "CRLF", "demo\r\n" },
        { "carriage return", "demo\r" },
        { "leading newline", "\ndemo" },
        { "tab", "demo\t" },
        { "next line U+0085", "demo\u0085" },
        { "line separator U+2028", "demo\u2028" },
        { "zero-width space", "de\u200Bmo" },
        { "bidi override", "demo\u202E" },
        { "Hangul filler", "demo\u3164" },
        { "trailing space", "demo " },
        { "path traversal", "demo/../kube-system" },
        { "query string", "demo?dryRun=All" },
        { "upper case", "DEMO" },
    };

    [Theory]
    [MemberData(nameof(TaintedNamespaces))]
    public async Task ScaleDeployment_TaintedNamespace_IsRefusedAndTheClusterIsUntouched(string why, string ns)
    {
        await AssertRefusedAsync(why, "scale_deployment", "namespace", new() { ["namespace"] = ns, ["name"] = "api", ["replicas"] = 4, ["reason"] = "adversarial" });
    }

    [Theory]
    [MemberData(nameof(TaintedNamespaces))]
    public async Task ScaleDeployment_TaintedName_IsRefusedAndTheClusterIsUntouched(string why, string ns)
    {
        var name = ns.Replace("demo", "api", StringComparison.Ordinal);
        await AssertRefusedAsync(why, "scale_deployment", "name", new() { ["namespace"] = "demo", ["name"] = name, ["replicas"] = 4, ["reason"] = "adversarial" });
    }

    [Theory]
    [MemberData(nameof(TaintedNamespaces))]
    public async Task ReadTools_TaintedNamespace_AreRefused(string why, string ns)
    {
        await AssertRefusedAsync(why, "get_deployment", "namespace", new() { ["namespace"] = ns, ["name"] = "api" });
        await AssertRefusedAsync(why, "list_deployments", "namespace", new() { ["namespace"] = ns });
    }

    public static TheoryData<string, string> TaintedReasons => new()
    {
        { "newline", "more capacity\nAPPROVED by alice" },
        { "escape sequence", "more capacity\u001b[2J" },
        { "NUL", "more\0capacity" },
        { "bidi override", "more \u202Ecapacity" },
        { "line separator", "more\u2028capacity" },
    };

    [Theory]
    [MemberData(nameof(TaintedReasons))]
    public async Task ScaleDeployment_TaintedReason_IsRefusedAndTheClusterIsUntouched(string why, string reason)
    {
        await AssertRefusedAsync(why, "scale_deployment", "reason", new() { ["namespace"] = "demo", ["name"] = "api", ["replicas"] = 4, ["reason"] = reason });
    }

    [Fact]
    public async Task ScaleDeployment_ManyTaintedCallsAtOnce_AreAllRefused()
    {
        using var timeout = new CancellationTokenSource(s_timeout);
        var before = await DeploymentAsync(timeout.Token);
        var changes = await ChangeCountAsync();
        var calls = TaintedNamespaces.Select(row => (string)row[1])
            .SelectMany(ns => new[] { ("namespace", ns), ("name", ns.Replace("demo", "api", StringComparison.Ordinal)) })
            .Select(t => gate.Client.CallToolAsync("scale_deployment", new Dictionary<string, object?>
            {
                ["namespace"] = t.Item1 == "namespace" ? t.Item2 : "demo",
                ["name"] = t.Item1 == "name" ? t.Item2 : "api",
                ["replicas"] = 5,
                ["reason"] = "adversarial, in parallel",
            }, cancellationToken: timeout.Token).AsTask());

        var results = await Task.WhenAll(calls);

        results.Should().OnlyContain(r => r.IsError == true);
        await AssertUntouchedAsync(before, changes, "parallel", timeout.Token);
    }

    private async Task AssertRefusedAsync(string why, string tool, string parameter, Dictionary<string, object?> arguments)
    {
        using var timeout = new CancellationTokenSource(s_timeout);
        var before = await DeploymentAsync(timeout.Token);
        var changes = await ChangeCountAsync();

        var result = await gate.Client.CallToolAsync(tool, arguments, cancellationToken: timeout.Token);

        result.IsError.Should().BeTrue($"{tool} {why}");
        var text = McpGateClient.TextOf(result);
        text.Should().Contain($"{parameter}: must", why);
        text.Should().NotContainAny(["\0", "\r", "\t", "\u0085", "\u2028", "\u200B", "\u202E", "\u3164", "\u001b"], "the value is shown escaped");
        await AssertUntouchedAsync(before, changes, why, timeout.Token);
    }

    private async Task AssertUntouchedAsync(JsonElement before, int changes, string why, CancellationToken cancellationToken)
    {
        var after = await DeploymentAsync(cancellationToken);
        after.GetProperty("replicas").GetInt32().Should().Be(before.GetProperty("replicas").GetInt32(), why);
        after.GetProperty("resourceVersion").GetString().Should().Be(before.GetProperty("resourceVersion").GetString(), why);
        (await ChangeCountAsync()).Should().Be(changes, $"{why}: a refused call records no change");
    }

    private Task<JsonElement> DeploymentAsync(CancellationToken cancellationToken) =>
        gate.Client.CallOkAsync("get_deployment", new() { ["namespace"] = "demo", ["name"] = "api" }, cancellationToken: cancellationToken);

    private async Task<int> ChangeCountAsync()
    {
        var list = await McpGateCli.RunAsync(["approvals", "list", "--all", "--json", "--data-dir", gate.DataDir]);
        list.ExitCode.Should().Be(0, list.ToString());
        return JsonDocument.Parse(list.StandardOutput).RootElement.GetArrayLength();
    }
}
