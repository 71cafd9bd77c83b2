using McpGate.Core.Policy;
using McpGate.Core.Tokens;
using McpGate.Testing.Files;

namespace McpGate.Core.Tests.Tokens;

public sealed class AgentTokenFileTests : IDisposable
{
    private static readonly string s_hashA = new('a', 64);
    private static readonly string s_hashB = new('b', 64);
    private readonly TempDirectory _temp = new("mcpgate-tokens-");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Parse_ValidEntries_CanonicalIdentitiesAndGroups()
    {
        var file = AgentTokenFile.Parse("tokens.yaml", $"tokens:\n  - {{ identity: CI-Bot, groups: [Agents, ci], sha256: '{s_hashA}' }}\n  - identity: alice\n    sha256: {s_hashB}\n");

        file.Entries.Select(e => e.Token.Identity).Should().Equal("ci-bot", "alice");
        file.Entries[0].Token.Groups.Should().Equal("agents", "ci");
        file.Entries[0].Token.HashPrefix.Should().Be(s_hashA[..12]);
        file.Entries.Select(e => (e.FirstLine, e.LastLine)).Should().Equal((2, 2), (3, 4));
    }

    public static TheoryData<string, string> Invalid => new()
    {
        { "tokens:\n  - { identity: 'bad name', sha256: '" + new string('a', 64) + "' }\n", "tokens.yaml:2:17: tokens[0].identity: \"bad name\" must be" },
        { "tokens:\n  - { identity: bot, sha256: 'mcpg_secret' }\n", "tokens.yaml:2:30: tokens[0].sha256: must be the 64 lower-case hex characters" },
        { "tokens:\n  - { identity: bot, sha256: '" + new string('A', 64) + "' }\n", "tokens[0].sha256: must be the 64 lower-case hex" },
        { "tokens:\n  - { identity: bot }\n", "tokens[0]" },
        { "tokens:\n  - { identity: bot, sha256: '" + new string('a', 64) + "', token: x }\n", "tokens[0]" },
        { "tokenz: []\n", "tokenz" },
        { "tokens:\n  - { identity: a, sha256: '" + new string('a', 64) + "' }\n  - { identity: b, sha256: '" + new string('a', 64) + "' }\n", "tokens.yaml:3:5: sha256: is already listed at tokens.yaml:2:5" },
        { "tokens:\n  - { identity: a, groups: [x, X], sha256: '" + new string('a', 64) + "' }\n", "group x is listed twice" },
        { "tokens: [\n", "tokens.yaml:" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Parse_InvalidText_NamesFileLineFieldAndRule(string yaml, string expected)
    {
        var act = () => AgentTokenFile.Parse("tokens.yaml", yaml);

        act.Should().Throw<PolicyValidationException>().Which.Errors.Should().Contain(e => e.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Load_MissingFile_SaysHowToCreateIt()
    {
        var act = () => AgentTokenFile.Load(_temp.Combine("tokens.yaml"));

        act.Should().Throw<PolicyValidationException>().WithMessage("*token file not found*tokens create*");
    }

    [Fact]
    public void Find_ReturnsTheEntryOfTheTokensHash_AndNothingForLookAlikes()
    {
        var token = AgentTokenSecret.Generate();
        var set = new AgentTokenSet([new AgentToken { Identity = "bot", Sha256 = AgentTokenSecret.Hash(token) }]);

        set.Find(token)!.Identity.Should().Be("bot");
        foreach (var other in new[] { null, "", token + " ", token.ToUpperInvariant(), token[..^1], AgentTokenSecret.Hash(token) })
        {
            set.Find(other).Should().BeNull(other);
        }
    }

    [Fact]
    public void Generate_TokensAreDistinctAndUrlSafe()
    {
        var tokens = Enumerable.Range(0, 100).Select(_ => AgentTokenSecret.Generate()).ToList();

        tokens.Should().OnlyHaveUniqueItems();
        tokens.Should().OnlyContain(t => t.StartsWith("mcpg_", StringComparison.Ordinal) && t.Length == 48 && t.Skip(5).All(c => char.IsAsciiLetterOrDigit(c) || c == '-' || c == '_'));
    }

    [Fact]
    public void Remove_DeletesOnlyTheEntrysLines_KeepingCommentsAndOthers()
    {
        var path = _temp.Write("tokens.yaml", $"# agents\ntokens:\n  # the CI\n  - identity: b\n    groups: [ci]\n    sha256: {s_hashB}\n  - {{ identity: a, sha256: '{s_hashA}' }}\n");
        var text = File.ReadAllText(path);
        var file = AgentTokenFile.Parse(path, text);

        AgentTokenRevocation.Remove(path, text, [file.Entries[0]]);

        File.ReadAllText(path).Should().Be($"# agents\ntokens:\n  # the CI\n  - {{ identity: a, sha256: '{s_hashA}' }}\n");
        AgentTokenFile.Load(path).Entries.Select(e => e.Token.Identity).Should().Equal("a");
    }

    [Fact]
    public void Remove_TheLastToken_LeavesAnEmptyValidFile()
    {
        var original = $"tokens:\n  - {{ identity: a, sha256: '{s_hashA}' }}\n";
        var path = _temp.Write("tokens.yaml", original);

        AgentTokenRevocation.Remove(path, original, [AgentTokenFile.Parse(path, original).Entries[0]]);

        AgentTokenFile.Load(path).Entries.Should().BeEmpty();
    }

    [Fact]
    public void Remove_EntriesSharingALine_RefusesAndLeavesTheFile()
    {
        var original = $"tokens: [{{ identity: a, sha256: '{s_hashA}' }}, {{ identity: b, sha256: '{s_hashB}' }}]\n";
        var path = _temp.Write("tokens.yaml", original);
        var file = AgentTokenFile.Parse(path, original);

        var act = () => AgentTokenRevocation.Remove(path, original, [file.Entries[0]]);

        act.Should().Throw<PolicyValidationException>().WithMessage("*by hand*");
        File.ReadAllText(path).Should().Be(original);
    }

    [Fact]
    public void Remove_FileChangedMeanwhile_RefusesAndKeepsTheNewText()
    {
        var original = $"tokens:\n  - {{ identity: a, sha256: '{s_hashA}' }}\n";
        var path = _temp.Write("tokens.yaml", original);
        var file = AgentTokenFile.Parse(path, original);
        var changed = original + $"  - {{ identity: b, sha256: '{s_hashB}' }}\n";
        File.WriteAllText(path, changed);

        var act = () => AgentTokenRevocation.Remove(path, original, [file.Entries[0]]);

        act.Should().Throw<PolicyValidationException>().WithMessage("*changed while*");
        File.ReadAllText(path).Should().Be(changed);
    }

    [Fact]
    public void LoadDirectory_PolicySet_SkipsTheTokenFile()
    {
        var dir = _temp.CopyPolicies(("tokens.yaml", $"tokens:\n  - {{ identity: a, sha256: '{s_hashA}' }}\n"));

        var act = () => PolicySet.LoadDirectory(dir);

        act.Should().NotThrow("tokens.yaml is not a policy file");
    }
}
