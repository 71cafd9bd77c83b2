using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using McpGate.Testing.Files;
using McpGate.Testing.Processes;
using Xunit.Abstractions;
using YamlDotNet.Serialization;

namespace McpGate.EndToEnd.Tests.Interop;

/// <summary>
/// The MCP conformance suite (<c>@modelcontextprotocol/conformance</c>, pinned in tests/interop) runs every
/// server scenario against a real <c>mcpgate serve --http 127.0.0.1:PORT --sandbox</c>. Every scenario
/// passes except those listed, each with its reason, in <c>tests/interop/conformance-expected-failures.yaml</c>
/// (and in docs/clients.md).
/// </summary>
/// <remarks>
/// The suite has no option for a request header, and <c>/mcp</c> has no unauthenticated mode. The suite
/// runs with <c>tests/interop/conformance-bearer.mjs</c> preloaded, which adds the agent's
/// <c>Authorization: Bearer</c> header to the suite's requests to this server and changes nothing else.
/// The server knows its port before it starts so that <c>--allow-origin</c> can name its own origin: the
/// suite's DNS-rebinding scenario sends <c>Origin: http://127.0.0.1:PORT</c> and expects it accepted.
/// </remarks>
public sealed partial class ConformanceSuiteTests(ConformanceSuiteTests.Gate gate, ITestOutputHelper output) : IClassFixture<ConformanceSuiteTests.Gate>
{
    private static readonly string Baseline = Path.Combine(InteropTools.Folder, "conformance-expected-failures.yaml");
    private static readonly string BearerPreload = Path.Combine(InteropTools.Folder, "conformance-bearer.mjs");

    private McpGateHttpServer Server => gate.Server;

    private string Token => gate.Token;

    private TempDirectory Temp => gate.Temp;

    [Fact]
    public async Task Suite_EveryServerScenario_PassesUnlessListedWithItsReason()
    {
        var known = await ListServerScenariosAsync();
        var expectedFailures = ReadBaseline();
        expectedFailures.Except(known).Should().BeEmpty("every entry of conformance-expected-failures.yaml must name a scenario of the pinned suite");

        var results = Temp.Combine("results");
        var clock = Stopwatch.StartNew();
        var run = await InteropTools.RunNodeAsync(
            ["--import", BearerPreload, InteropTools.Conformance, "server", "--url", Server.Url.ToString(), "--suite", "all", "--output-dir", results, "--expected-failures", Baseline],
            TimeSpan.FromMinutes(4),
            new Dictionary<string, string?> { ["MCPGATE_TOKEN"] = Token, ["MCPGATE_URL"] = Server.Url.ToString() });
        output.WriteLine($"conformance suite: {known.Count} scenarios in {clock.Elapsed.TotalSeconds:F1} s");

        var scenarios = ReadResults(results);
        scenarios.Keys.Should().BeEquivalentTo(known, "the suite runs every server scenario it lists");
        foreach (var (name, checks) in scenarios.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"{(Passed(checks) ? "pass" : "FAIL")} {name}: {string.Join("; ", checks.Select(c => $"{c.Id} {c.Status}"))}");
        }

        var failed = scenarios.Where(s => !Passed(s.Value)).Select(s => s.Key).ToHashSet(StringComparer.Ordinal);
        var unexpected = failed.Except(expectedFailures).Order(StringComparer.Ordinal)
            .Select(name => $"{name}: {string.Join("; ", scenarios[name].Where(c => c.Status is "FAILURE" or "WARNING").Select(c => $"{c.Id} {c.Status} {c.Message}"))}");
        unexpected.Should().BeEmpty("a scenario that applies to McpGate must pass (or be listed with its reason in conformance-expected-failures.yaml and docs/clients.md)");
        expectedFailures.Except(failed).Should().BeEmpty("a listed scenario that now passes must leave conformance-expected-failures.yaml and docs/clients.md");
        scenarios.Keys.Except(expectedFailures).Should().Contain(["server-initialize", "tools-list", "ping", "dns-rebinding-protection"]);
        scenarios["dns-rebinding-protection"].Single(c => c.Id == "localhost-host-rebinding-rejected").StatusCode
            .Should().Be(403, "the foreign Origin is refused by the Origin check, not for want of a token");
        run.ExitCode.Should().Be(0, $"the suite checks the same baseline itself\n{run}");

        run.StandardOutput.Should().NotContain(Token);
        run.StandardError.Should().NotContain(Token);
        foreach (var file in Directory.EnumerateFiles(results, "*", SearchOption.AllDirectories))
        {
            (await File.ReadAllTextAsync(file)).Should().NotContain(Token, $"{file} is a result the suite keeps");
        }

        Server.StandardError.Should().NotContain(Token);
    }

    [Fact]
    public async Task Suite_WithoutTheBearerHeader_IsRefusedEverywhere()
    {
        var results = Temp.Combine("results-no-token");
        var run = await InteropTools.RunNodeAsync(
            [InteropTools.Conformance, "server", "--url", Server.Url.ToString(), "--scenario", "server-initialize", "--output-dir", results],
            TimeSpan.FromMinutes(2));

        run.ExitCode.Should().NotBe(0, run.ToString());
        var checks = ReadResults(results).Should().ContainSingle().Which.Value;
        checks.Should().OnlyContain(c => c.Status == "FAILURE");
        string.Join("\n", checks.Select(c => c.Message)).Should().Contain("a bearer token is required", "the suite's own requests carry no token, and the gate serves nobody without one");
    }

    [Fact]
    public async Task Docs_ListEveryExpectedFailure()
    {
        var docs = await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, "docs", "clients.md"));
        var section = docs[docs.IndexOf("## Conformance suite", StringComparison.Ordinal)..];
        foreach (var scenario in ReadBaseline())
        {
            section.Should().MatchRegex($@"\|\s*`{Regex.Escape(scenario)}`\s*\|", $"docs/clients.md must give the reason {scenario} does not pass");
        }
    }

    private static bool Passed(IReadOnlyList<Check> checks) => checks.All(c => c.Status is not ("FAILURE" or "WARNING"));

    private static HashSet<string> ReadBaseline()
    {
        var baseline = new DeserializerBuilder().Build().Deserialize<Dictionary<string, List<string>>>(File.ReadAllText(Baseline));
        return baseline["server"].ToHashSet(StringComparer.Ordinal);
    }

    private static async Task<HashSet<string>> ListServerScenariosAsync()
    {
        var list = await InteropTools.RunNodeAsync([InteropTools.Conformance, "list", "--server"], TimeSpan.FromMinutes(1));
        list.ExitCode.Should().Be(0, list.ToString());
        var names = ListedScenario().Matches(list.StandardOutput).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        names.Should().NotBeEmpty(list.StandardOutput);
        return names;
    }

    /// <summary>The checks of each scenario the suite saved: <c>server-NAME-TIMESTAMP/checks.json</c>.</summary>
    private static Dictionary<string, IReadOnlyList<Check>> ReadResults(string results)
    {
        Directory.Exists(results).Should().BeTrue("the suite saves its results there");
        var scenarios = new Dictionary<string, IReadOnlyList<Check>>(StringComparer.Ordinal);
        foreach (var folder in Directory.EnumerateDirectories(results))
        {
            var match = ResultFolder().Match(Path.GetFileName(folder));
            match.Success.Should().BeTrue($"{folder} is named as the suite names a server scenario's results");
            using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "checks.json")));
            scenarios.Add(match.Groups[1].Value, [.. json.RootElement.EnumerateArray().Select(c => new Check(
                c.GetProperty("id").GetString()!,
                c.GetProperty("status").GetString()!,
                c.TryGetProperty("errorMessage", out var message) ? message.GetString() : null,
                c.TryGetProperty("details", out var details) && details.ValueKind == JsonValueKind.Object && details.TryGetProperty("statusCode", out var status) ? status.GetInt32() : null))]);
        }

        return scenarios;
    }

    /// <summary>One <c>serve --http 127.0.0.1:PORT --allow-origin http://127.0.0.1:PORT --sandbox</c> with a token for the suite.</summary>
    public sealed class Gate : IAsyncLifetime
    {
        private McpGateHttpServer? _server;

        public TempDirectory Temp { get; } = new("mcpgate-conformance-");

        public McpGateHttpServer Server => _server ?? throw new InvalidOperationException("the server did not start");

        public string Token { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            InteropTools.RequireInstalled();
            var policies = Temp.CopyPolicies();
            Token = await McpGateHttpServer.CreateTokenAsync(policies, "conformance-suite", "agents");

            // A port picked here may be taken by another process before the server binds it: then try another.
            for (var attempt = 1; _server is null; attempt++)
            {
                var port = InteropTools.FreeLoopbackPort();
                try
                {
                    _server = await McpGateHttpServer.StartAsync(
                        "--http", $"127.0.0.1:{port}", "--allow-origin", $"http://127.0.0.1:{port}", "--sandbox",
                        "--policies", policies, "--data-dir", Temp.Combine($"data-{attempt}"), "--log-level", "Warning");
                }
                catch (InvalidOperationException) when (attempt < 3)
                {
                    // The next attempt picks another port.
                }
            }
        }

        public async Task DisposeAsync()
        {
            if (_server is not null)
            {
                await _server.DisposeAsync();
            }

            Temp.Dispose();
        }
    }

    private sealed record Check(string Id, string Status, string? Message, int? StatusCode);

    [GeneratedRegex(@"^\s+- (\S+) \[", RegexOptions.Multiline)]
    private static partial Regex ListedScenario();

    [GeneratedRegex(@"^server-(.+)-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z$")]
    private static partial Regex ResultFolder();
}
