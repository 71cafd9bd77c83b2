using McpGate.Core.Tokens;
using McpGate.Testing.Files;
using McpGate.Testing.Processes;

namespace McpGate.Cli.Tests.Commands;

/// <summary><c>mcpgate tokens create|list|revoke</c> on a real tokens.yaml.</summary>
public sealed class TokensCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new("mcpgate-tokens-cli-");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Create_PrintsTheTokenAloneOnStdout_AndItsHashLineOnStderr()
    {
        var policies = _temp.CopyPolicies();

        var result = await McpGateCli.RunAsync(["tokens", "create", "--identity", "CI-Bot", "--groups", "agents, ci,agents", "--policies", policies]);

        result.ExitCode.Should().Be(0, result.ToString());
        var token = result.StandardOutput.Trim();
        token.Should().StartWith("mcpg_").And.NotContain("\n");
        result.StandardError.Should().Contain($"  - {{ identity: ci-bot, groups: [agents, ci], sha256: '{AgentTokenSecret.Hash(token)}' }}")
            .And.Contain(Path.Combine(policies, "tokens.yaml")).And.NotContain(token);
        File.Exists(Path.Combine(policies, "tokens.yaml")).Should().BeFalse("create prints the line; the operator adds it");
    }

    [Theory]
    [InlineData("--identity", "bad name")]
    [InlineData("--groups", "ok,bad group")]
    public async Task Create_InvalidNames_ExitTwoWithTheRule(string option, string value)
    {
        string[] args = option == "--identity" ? ["tokens", "create", "--identity", value] : ["tokens", "create", "--identity", "bot", "--groups", value];

        var result = await McpGateCli.RunAsync(args);

        result.ExitCode.Should().Be(2, result.ToString());
        result.StandardError.Should().Contain($"{option} ").And.Contain("ASCII letters");
        result.StandardOutput.Should().BeEmpty("no token is printed for a bad request");
    }

    [Fact]
    public async Task Revoke_ByPrefixAndByIdentity_RemovesExactlyThoseEntries()
    {
        var policies = _temp.CopyPolicies();
        var a = await McpGateHttpServer.CreateTokenAsync(policies, "a-bot");
        await McpGateHttpServer.CreateTokenAsync(policies, "b-bot");
        await McpGateHttpServer.CreateTokenAsync(policies, "b-bot");
        var file = Path.Combine(policies, "tokens.yaml");

        var byPrefix = await McpGateCli.RunAsync(["tokens", "revoke", "--hash", AgentTokenSecret.Hash(a)[..10].ToUpperInvariant(), "--policies", policies]);
        byPrefix.ExitCode.Should().Be(0, byPrefix.ToString());
        AgentTokenFile.Load(file).Entries.Select(e => e.Token.Identity).Should().Equal("b-bot", "b-bot");

        var byIdentity = await McpGateCli.RunAsync(["tokens", "revoke", "--identity", "B-Bot", "--policies", policies]);
        byIdentity.ExitCode.Should().Be(0, byIdentity.ToString());
        byIdentity.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().HaveCount(2);
        AgentTokenFile.Load(file).Entries.Should().BeEmpty();
    }

    public static TheoryData<string[], string> BadRevocations => new()
    {
        { ["--hash", "abc"], "must be 8 to 64 hex characters" },
        { ["--hash", "zzzzzzzzzz"], "must be 8 to 64 hex characters" },
        { ["--hash", "0000000000000000"], "no token's SHA-256 starts with it" },
        { ["--identity", "nobody"], "--identity nobody: no token stands for it" },
        { [], "exactly one of --hash PREFIX or --identity NAME" },
        { ["--hash", "00000000", "--identity", "a-bot"], "exactly one of --hash PREFIX or --identity NAME" },
    };

    [Theory]
    [MemberData(nameof(BadRevocations))]
    public async Task Revoke_NothingOrAmbiguous_ExitsTwoAndLeavesTheFile(string[] selection, string message)
    {
        var policies = _temp.CopyPolicies();
        await McpGateHttpServer.CreateTokenAsync(policies, "a-bot");
        var file = Path.Combine(policies, "tokens.yaml");
        var before = await File.ReadAllTextAsync(file);

        var result = await McpGateCli.RunAsync(["tokens", "revoke", .. selection, "--policies", policies]);

        result.ExitCode.Should().Be(2, result.ToString());
        result.StandardError.Should().Contain(message);
        (await File.ReadAllTextAsync(file)).Should().Be(before);
    }
}
