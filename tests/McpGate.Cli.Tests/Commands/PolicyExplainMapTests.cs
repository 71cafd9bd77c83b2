using System.Text.Json.Nodes;
using McpGate.Testing.Files;
using McpGate.Testing.Processes;

namespace McpGate.Cli.Tests.Commands;

/// <summary><c>mcpgate policy explain --args</c> with a map argument (<c>update_configmap</c>'s data), through the real executable.</summary>
public sealed class PolicyExplainMapTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("""{"feature.a":"on","feature.b":null}""", 0, true)]
    [InlineData("""{"feature.a":"on","DB_URL":"x"}""", 1, false)]
    public async Task Explain_MapArgument_PatternConstraintLimitsItsKeys(string data, int exitCode, bool allowed)
    {
        var dir = Policy("""
            rules:
              - { name: flags, tools: [update_configmap], effect: allow, approval: { count: 1 }, constraints: { data: { pattern: 'feature\..+' } } }
            """);

        var run = await McpGateCli.RunAsync(["policy", "explain", "--policies", dir, "--tool", "update_configmap", "--args", Args(data), "--json"]);

        run.ExitCode.Should().Be(exitCode, run.ToString());
        var json = JsonNode.Parse(run.StandardOutput)!;
        json["allowed"]!.GetValue<bool>().Should().Be(allowed);
        json["constraints"]![0]!["detail"]!.GetValue<string>().Should().Contain(allowed ? "every key" : "\"DB_URL\" do not match");
    }

    [Theory]
    [InlineData("""{"a":5}""", "update_configmap: data: key \"a\" must be a string (set) or null (remove) (got number 5)")]
    [InlineData("""{"a/b":"x"}""", "update_configmap: data: key \"a/b\" must match ^[-._a-zA-Z0-9]+$")]
    [InlineData("""["a"]""", "update_configmap: data: must be an object of keys to string values or null (got an array)")]
    public async Task Explain_BadMapArgument_ExitsTwoNamingTheKey(string data, string expected)
    {
        var dir = Policy("""
            rules:
              - { name: any, tools: [update_configmap], effect: allow, approval: { count: 1 } }
            """);

        var run = await McpGateCli.RunAsync(["policy", "explain", "--policies", dir, "--tool", "update_configmap", "--args", Args(data)]);

        run.ExitCode.Should().Be(2, run.ToString());
        run.StandardError.Should().Contain(expected);
    }

    private static string Args(string data) => $$"""{"namespace":"demo","name":"cfg","data":{{data}},"reason":"r"}""";

    private string Policy(string yaml)
    {
        var path = _dir.Write($"policies-{Guid.NewGuid():N}/p.yaml", yaml);
        return Path.GetDirectoryName(path)!;
    }
}
