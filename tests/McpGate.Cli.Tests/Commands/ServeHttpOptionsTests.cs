using McpGate.Testing.Files;
using McpGate.Testing.Processes;

namespace McpGate.Cli.Tests.Commands;

/// <summary><c>serve --http</c> refuses what an operator can get wrong before it starts a cluster or a port, naming the option.</summary>
public sealed class ServeHttpOptionsTests : IDisposable
{
    private readonly TempDirectory _temp = new("mcpgate-serve-http-");

    public void Dispose() => _temp.Dispose();

    public static TheoryData<string[], string> Refused => new()
    {
        { ["--http", "0.0.0.0:0"], "--tls-cert FILE --tls-key FILE" },
        { ["--http", "10.0.0.1:8080"], "--allow-insecure-remote" },
        { ["--http", "127.0.0.1"], "--http \"127.0.0.1\": must be HOST:PORT" },
        { ["--http", "127.1:80"], "must be HOST:PORT" },
        { ["--http", "127.0.0.1:0", "--tls-cert", "c.pem"], "--tls-cert and --tls-key go together" },
        { ["--http", "127.0.0.1:0", "--tls-cert", "/nonexistent/c.pem", "--tls-key", "/nonexistent/k.pem"], "--tls-cert /nonexistent/c.pem: file not found" },
        { ["--http", "127.0.0.1:0", "--allow-origin", "http://a.example/path"], "--allow-origin \"http://a.example/path\": must be an origin" },
        { ["--http", "127.0.0.1:0", "--service"], "--service and --http exclude each other" },
        { ["--http", "127.0.0.1:0", "--calls-per-minute", "0"], "--calls-per-minute \"0\": must be a whole number from 1 to 1000000" },
        { ["--http", "127.0.0.1:0", "--writes-per-minute", "ten"], "--writes-per-minute \"ten\": must be a whole number from 1 to 1000000" },
        { ["--http", "127.0.0.1:0", "--max-sessions", "-1"], "--max-sessions \"-1\": must be a whole number from 1 to 1000000" },
        { ["--http", "127.0.0.1:0", "--session-idle-timeout", "30"], "--session-idle-timeout \"30\": must be a whole number of seconds, minutes or hours, e.g. 90s, 30m or 2h, from 1s to 168h" },
        { ["--http", "127.0.0.1:0", "--session-idle-timeout", "0s"], "--session-idle-timeout \"0s\": must be a whole number of seconds" },
        { ["--http", "127.0.0.1:0", "--session-idle-timeout", "8d"], "--session-idle-timeout \"8d\": must be a whole number of seconds" },
        { ["--http", "127.0.0.1:0", "--max-sessions", "5", "--max-sessions-per-identity", "6"], "--max-sessions-per-identity 6 is more than --max-sessions 5" },
        { ["--http", "127.0.0.1:0", "--calls-per-minute", "5", "--writes-per-minute", "6"], "--writes-per-minute 6 is more than --calls-per-minute 5" },
        { ["--http", "127.0.0.1:0", "--stateless", "--session-idle-timeout", "5m"], "--session-idle-timeout applies to sessions, and --stateless serves none" },
        { ["--stateless"], "--stateless only applies to --http" },
        { ["--calls-per-minute", "10"], "--calls-per-minute only applies to --http" },
        { ["--stdio"], "--stdio only applies to --http" },
        { ["--allow-insecure-remote"], "--allow-insecure-remote only applies to --http" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task Serve_BadHttpOptions_ExitsTwoNamingTheOption(string[] options, string message)
    {
        var policies = _temp.CopyPolicies(("tokens.yaml", "tokens:\n"));

        var result = await McpGateCli.RunAsync(["serve", "--sandbox", "--policies", policies, "--data-dir", _temp.Combine("data"), .. options]);

        result.ExitCode.Should().Be(2, result.ToString());
        result.StandardError.Should().Contain(message);
        Directory.Exists(_temp.Combine("data")).Should().BeFalse("nothing starts before the options are checked");
    }

    [Fact]
    public async Task Serve_HttpWithoutATokenFile_SaysHowToCreateOne()
    {
        var policies = _temp.CopyPolicies();

        var result = await McpGateCli.RunAsync(["serve", "--sandbox", "--policies", policies, "--data-dir", _temp.Combine("data"), "--http", "127.0.0.1:0"]);

        result.ExitCode.Should().Be(2, result.ToString());
        result.StandardError.Should().Contain("tokens.yaml: token file not found").And.Contain("mcpgate tokens create");
    }

    [Fact]
    public async Task Serve_HttpWithAnInvalidTokenFile_ListsItsErrors()
    {
        var policies = _temp.CopyPolicies(("tokens.yaml", "tokens:\n  - { identity: bot, sha256: 'mcpg_plain-token' }\n"));

        var result = await McpGateCli.RunAsync(["serve", "--sandbox", "--policies", policies, "--data-dir", _temp.Combine("data"), "--http", "127.0.0.1:0"]);

        result.ExitCode.Should().Be(2, result.ToString());
        result.StandardError.Should().Contain("tokens.yaml:2:30: tokens[0].sha256: must be the 64 lower-case hex characters");
    }
}
