using System.Text;
using McpGate.Core.Policy;

namespace McpGate.Core.Tests.Policy;

public sealed class IdentitiesTests
{
    public static TheoryData<string, string> ValidSpellings => new()
    {
        { "alice", "alice" },
        { "Alice", "alice" },
        { "ALICE", "alice" },
        { "aLiCe", "alice" },
        { "Alice.Smith@Example.COM", "alice.smith@example.com" },
        { "ci-bot_2", "ci-bot_2" },
        { "0ps", "0ps" },
        { "a", "a" },
        { new string('A', Identities.MaxLength), new string('a', Identities.MaxLength) },
    };

    [Theory]
    [MemberData(nameof(ValidSpellings))]
    public void TryCanonicalize_ValidSpelling_ReturnsTheLowerCaseForm(string name, string expected)
    {
        Identities.TryCanonicalize(name, out var canonical).Should().BeTrue();
        canonical.Should().Be(expected);
        Identities.Canonicalize(name).Should().Be(expected);
        Identities.IsValid(name).Should().BeTrue();
        Identities.Same(name, expected).Should().BeTrue();
    }

    public static TheoryData<string, string> ForbiddenSpellings => new()
    {
        { "trailing newline", "alice\n" },
        { "leading newline", "\nalice" },
        { "CRLF", "alice\r\n" },
        { "carriage return", "alice\r" },
        { "trailing NUL", "alice\0" },
        { "inner NUL", "al\0ice" },
        { "tab", "alice\t" },
        { "escape", "alice\u001b[0m" },
        { "next line U+0085", "alice\u0085" },
        { "line separator U+2028", "alice\u2028" },
        { "zero-width joiner", "al\u200Dice" },
        { "zero-width space", "alice\u200B" },
        { "zero-width non-joiner", "\u200C" },
        { "bidi override", "alice\u202E" },
        { "bidi isolate", "\u2066alice\u2069" },
        { "byte order mark", "\uFEFFalice" },
        { "soft hyphen", "ali\u00ADce" },
        { "Hangul filler U+3164", "alice\u3164" },
        { "Hangul filler alone", "\u3164" },
        { "Braille blank U+2800", "\u2800" },
        { "composed e acute (NFC)", "\u00E9lise" },
        { "decomposed e acute (NFD)", "e\u0301lise" },
        { "Kelvin sign, which lower-cases to ASCII k", "\u212Aate" },
        { "dotted capital I", "\u0130rem" },
        { "Cyrillic a", "\u0430lice" },
        { "fullwidth a", "\uFF41lice" },
        { "leading space", " alice" },
        { "trailing space", "alice " },
        { "inner space", "al ice" },
        { "no-break space", "alice\u00A0" },
        { "empty", "" },
        { "too long", new string('a', Identities.MaxLength + 1) },
        { "starts with a dot", ".alice" },
        { "starts with a dash", "-alice" },
        { "glob", "alice*" },
        { "slash", "alice/bob" },
        { "colon", "alice:bob" },
        { "quote", "alice'" },
        { "dollar", "alice$" },
    };

    [Theory]
    [MemberData(nameof(ForbiddenSpellings))]
    public void TryCanonicalize_ForbiddenSpelling_IsRefused(string why, string name)
    {
        Identities.TryCanonicalize(name, out var canonical).Should().BeFalse(why);
        canonical.Should().BeNull();
        Identities.IsValid(name).Should().BeFalse(why);
        Identities.Same(name, name).Should().BeFalse("an invalid name is nobody, not even itself");
        Identities.Same(name, "alice").Should().BeFalse(why);

        var act = () => Identities.Canonicalize(name);
        var message = act.Should().Throw<ArgumentException>().Which.Message;
        message.Should().Contain(Identities.Rule);
        message.Should().NotContainAny(["\n", "\r", "\0", "\u200D", "\u202E", "\u3164"], "the message shows the name escaped");
    }

    public static TheoryData<string, string, bool> Pairs => new()
    {
        { "alice", "alice", true },
        { "alice", "Alice", true },
        { "ALICE", "alice", true },
        { "alice", "bob", false },
        { "alice", "alice\n", false },
        { "alice", "alice ", false },
        { "kate", "\u212Aate", false },
        { "\u00E9lise", "e\u0301lise", false },
        { "alice", "alic", false },
    };

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Same_ComparesCanonicalForms(string left, string right, bool same)
    {
        Identities.Same(left, right).Should().Be(same);
        Identities.Same(right, left).Should().Be(same);
    }

    [Fact]
    public void Show_EscapesEverythingOutsidePrintableAscii()
    {
        Identities.Show("al\u202Eice\n\0\"").Should().Be("\"al\\u202Eice\\u000A\\u0000\\u0022\"");
        Identities.Show(null).Should().Be("null");
    }

    [Fact]
    public void Show_KeepsPrintableAsciiBoundsAndEscapesBackslashAndDelete()
    {
        Identities.Show(" ~\\\u007F\u001F").Should().Be("\" ~\\u005C\\u007F\\u001F\"");
    }

    [Fact]
    public void Show_CutsNamesLongerThanTwiceTheMaximum()
    {
        var limit = 2 * Identities.MaxLength;

        Identities.Show(new string('a', limit)).Should().Be($"\"{new string('a', limit)}\"");
        Identities.Show(new string('a', limit + 1)).Should().Be($"\"{new string('a', limit)}...\"");
    }

    [Fact]
    public void Canonicalize_NameBreakingTheRule_ThrowsNamingItAndTheRule()
    {
        var act = () => Identities.Canonicalize("al ice");

        act.Should().Throw<ArgumentException>().WithParameterName("name").WithMessage($"identity \"al ice\": {Identities.Rule}*");
        Identities.Canonicalize("Al.ice_@x-1").Should().Be("al.ice_@x-1");
    }

    [Fact]
    public void Normalize_UnderInvariantGlobalization_DoesNotCompose()
    {
        // Why identities are ASCII: with InvariantGlobalization, NFC leaves NFD as it is, so a
        // Unicode rule could not give "é" one spelling. If this ever fails, the rule may widen.
        var decomposed = "e\u0301";

        decomposed.Normalize(NormalizationForm.FormC).Should().Be(decomposed);
    }
}
