using IdentityRule = McpGate.Core.Policy.Identities;
using McpGate.Testing.Files;
using McpGate.Testing.Processes;

namespace McpGate.Adversarial.Tests.Identities;

/// <summary>
/// Identities that break the rule, or one person listed as several, stop the real CLI before
/// anything starts: no sandbox, no data directory, no key file.
/// </summary>
public sealed class IdentityStartupTests : IDisposable
{
    private readonly TempDirectory _temp = new("mcpgate-adv-id-");

    public static TheoryData<string, string> ForbiddenNames => new()
    {
        { "trailing newline", "alice\n" },
        { "leading newline", "\nalice" },
        { "CRLF", "alice\r\n" },
        { "tab", "alice\t" },
        { "escape sequence", "alice\u001b[2J" },
        { "next line U+0085", "alice\u0085" },
        { "line separator U+2028", "alice\u2028" },
        { "zero-width joiner", "al\u200Dice" },
        { "bidi override", "alice\u202E" },
        { "Hangul filler", "\u3164" },
        { "Braille blank", "alice\u2800" },
        { "decomposed e acute", "e\u0301lise" },
        { "composed e acute", "\u00E9lise" },
        { "Kelvin sign", "\u212Aate" },
        { "Cyrillic a", "\u0430lice" },
        { "trailing space", "alice " },
        { "leading space", " alice" },
    };

    [Theory]
    [MemberData(nameof(ForbiddenNames))]
    public async Task Serve_AgentBreakingTheRule_IsRefusedBeforeAnythingStarts(string why, string agent)
    {
        var dataDir = _temp.Combine("data");

        var result = await McpGateCli.RunAsync(["serve", "--sandbox", "--agent", agent, "--data-dir", dataDir, "--policies", _temp.CopyPolicies()]);

        result.ExitCode.Should().Be(2, why + "\n" + result);
        result.StandardError.Should().Contain("--agent \"").And.Contain(IdentityRule.Rule);
        result.StandardError.TrimEnd('\n').Should().MatchRegex(@"\A[ -~]+\z", "the refused name is shown escaped, on one line");
        Directory.Exists(dataDir).Should().BeFalse("nothing may start for a refused agent");
    }

    [Theory]
    [MemberData(nameof(ForbiddenNames))]
    public async Task KeysGenerate_IdentityBreakingTheRule_IsRefusedAndWritesNoKey(string why, string identity)
    {
        var path = _temp.Combine("key.pem");

        var result = await McpGateCli.RunAsync(["keys", "generate", "--identity", identity, "--out", path]);

        result.ExitCode.Should().Be(2, why + "\n" + result);
        result.StandardError.Should().Contain("--identity \"").And.Contain(IdentityRule.Rule);
        result.StandardError.TrimEnd('\n').Should().MatchRegex(@"\A[ -~]+\z", "the refused name is shown escaped, on one line");
        File.Exists(path).Should().BeFalse(why);
    }

    [Fact]
    public async Task KeysGenerate_MixedCase_PrintsTheCanonicalPolicyLine()
    {
        var (publicKey, line) = await ApproverKeys.GenerateAsync("Alice", _temp.Combine("alice.pem"), "SRE", "Oncall", "sre");

        line.Should().Be($"  - {{ identity: alice, groups: [sre, oncall], publicKey: '{publicKey}' }}");
    }

    public static TheoryData<string, string[]> SameIdentityAgain => new()
    {
        { "capitalised", ["alice", "Alice"] },
        { "upper case and a newline", ["alice", "ALICE", "\"alice\\n\""] },
        { "mixed case", ["aLiCe", "alice"] },
    };

    [Theory]
    [MemberData(nameof(SameIdentityAgain))]
    public async Task Serve_PolicyListingOnePersonSeveralWays_IsRefusedAtStart(string why, string[] spellings)
    {
        var lines = new List<string>();
        for (var i = 0; i < spellings.Length; i++)
        {
            var (key, _) = await ApproverKeys.GenerateAsync($"person{i}", _temp.Combine($"person{i}.pem"));
            lines.Add($"  - {{ identity: {spellings[i]}, groups: [sre], publicKey: '{key}' }}");
        }

        var result = await ServeAsync(("approvers.yaml", "approvers:\n" + string.Join("\n", lines) + "\n"));

        result.ExitCode.Should().Be(2, why + "\n" + result);
        for (var i = 1; i < spellings.Length; i++)
        {
            result.StandardError.Should().Contain($"approvers.yaml:{i + 2}:17: approvers[{i}].identity: ", why);
        }

        Directory.Exists(_temp.Combine("data")).Should().BeFalse(why);
    }

    public static TheoryData<string, bool, bool> SharedKeys => new()
    {
        { "same spelling, one file", false, false },
        { "same spelling, two files", false, true },
        { "other base64 spelling of the same bytes", true, false },
        { "other base64 spelling, two files", true, true },
    };

    [Theory]
    [MemberData(nameof(SharedKeys))]
    public async Task Serve_OneKeyUnderTwoIdentities_IsRefusedAtStart(string why, bool respell, bool twoFiles)
    {
        var (key, _) = await ApproverKeys.GenerateAsync("alice", _temp.Combine("alice.pem"));
        var bobKey = respell ? Respell(key) : key;
        var alice = $"  - {{ identity: alice, groups: [sre], publicKey: '{key}' }}\n";
        var bob = $"  - {{ identity: bob, groups: [sre], publicKey: '{bobKey}' }}\n";

        var result = twoFiles
            ? await ServeAsync(("a.yaml", "approvers:\n" + alice), ("b.yaml", "approvers:\n" + bob))
            : await ServeAsync(("a.yaml", "approvers:\n" + alice + bob));

        result.ExitCode.Should().Be(2, why + "\n" + result);
        result.StandardError.Should().Contain(twoFiles ? "b.yaml:2:48: approvers[0].publicKey: approver bob uses the same public key as approver alice at " : "a.yaml:3:48: approvers[1].publicKey: approver bob uses the same public key as approver alice at ", why);
        Directory.Exists(_temp.Combine("data")).Should().BeFalse(why);
    }

    public void Dispose() => _temp.Dispose();

    private Task<ProcessResult> ServeAsync(params (string FileName, string Yaml)[] policies) =>
        McpGateCli.RunAsync(["serve", "--sandbox", "--agent", "agent", "--data-dir", _temp.Combine("data"), "--policies", _temp.CopyPolicies(policies)]);

    /// <summary>The same 32 bytes in another base64 spelling: the last character carries two unused bits.</summary>
    private static string Respell(string key)
    {
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        var last = key[^2];
        var other = Alphabet[Alphabet.IndexOf(last, StringComparison.Ordinal) ^ 1];
        var respelled = string.Concat(key.AsSpan(0, key.Length - 2), other.ToString(), "=");
        Convert.FromBase64String(respelled["ed25519:".Length..]).Should().Equal(Convert.FromBase64String(key["ed25519:".Length..]));
        return respelled;
    }
}
