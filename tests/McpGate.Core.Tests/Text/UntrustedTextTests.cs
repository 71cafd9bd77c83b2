using System.Text;
using McpGate.Core.Text;

namespace McpGate.Core.Tests.Text;

public sealed class UntrustedTextTests
{
    /// <summary>Hostile input and exactly what the reader must see instead.</summary>
    public static TheoryData<string, string, string> Attacks => new()
    {
        { "ESC [2J clears the screen", "ok\u001b[2Jdone", "ok\\u001b[2Jdone" },
        { "CSI cursor up rewrites the line above", "x\u001b[1A\u001b[2KAPPROVED by alice", "x\\u001b[1A\\u001b[2KAPPROVED by alice" },
        { "OSC 8 hyperlink hides its target", "\u001b]8;;https://evil.example\u001b\\click\u001b]8;;\u001b\\", "\\u001b]8;;https://evil.example\\u001b\\click\\u001b]8;;\\u001b\\" },
        { "OSC 52 writes the clipboard", "\u001b]52;c;Y3VybCBldmlsIHwgc2g=\u0007", "\\u001b]52;c;Y3VybCBldmlsIHwgc2g=\\u0007" },
        { "C1 CSI (0x9B) is a one-byte ESC [", "a\u009b2Jb", "a\\u009b2Jb" },
        { "BEL rings", "ding\u0007", "ding\\u0007" },
        { "backspaces overprint", "rejected\b\b\b\b\b\b\b\bapproved", "rejected\\u0008\\u0008\\u0008\\u0008\\u0008\\u0008\\u0008\\u0008approved" },
        { "CR rewrites the line", "bad change\rstate: verified", "bad change\\u000dstate: verified" },
        { "LF starts a line that looks like ours", "fine\nstate: verified", "fine\\u000astate: verified" },
        { "DEL", "a\u007fb", "a\\u007fb" },
        { "NUL", "a\0b", "a\\u0000b" },
        { "bidi RLO reverses what follows", "scale \u202Eexe.gnp", "scale \\u202eexe.gnp" },
        { "bidi isolate", "\u2067x\u2069", "\\u2067x\\u2069" },
        { "ZWJ", "al\u200Dice", "al\\u200dice" },
        { "zero-width space", "al\u200Bice", "al\\u200bice" },
        { "BOM", "\uFEFFalice", "\\ufeffalice" },
        { "Hangul filler U+3164", "\u3164", "\\u3164" },
        { "Hangul choseong and jungseong fillers", "\u115F\u1160", "\\u115f\\u1160" },
        { "halfwidth Hangul filler", "a\uFFA0b", "a\\uffa0b" },
        { "braille blank U+2800", "a\u2800b", "a\\u2800b" },
        { "tag characters spell hidden text", "ok\U000E0041\U000E0042", "ok\\U000e0041\\U000e0042" },
        { "line separator", "a\u2028b", "a\\u2028b" },
    };

    public static TheoryData<string> Harmless => new()
    {
        "scale demo/web to 5: launch traffic",
        "Zoë's café, naïve résumé",
        "日本語のテキスト",
        "emoji 🚀 and flags 🇫🇷",
        "path C:\\temp\\x and \"quotes\" [markup]",
        "tab-free plain text",
    };

    [Theory]
    [MemberData(nameof(Attacks))]
    public void Escape_MakesControlAndInvisibleCharactersVisible(string attack, string input, string expected)
    {
        var shown = UntrustedText.Escape(input);

        shown.Should().Be(expected, attack);
        shown.EnumerateRunes().Should().NotContain(r => UntrustedText.IsUnsafe(r), attack);
        UntrustedText.FindUnsafe(shown).Should().BeNull();
    }

    [Theory]
    [MemberData(nameof(Attacks))]
    public void Refusal_NamesTheFieldAndTheFirstCharacter_WhenTextIsUnsafe(string attack, string input, string expected)
    {
        _ = expected;
        var first = UntrustedText.FindUnsafe(input);

        var refusal = UntrustedText.Refusal("--reason", input);

        first.Should().NotBeNull(attack);
        refusal.Should().StartWith("--reason contains U+").And.Contain($"U+{first!.Value:X4}");
    }

    [Theory]
    [MemberData(nameof(Harmless))]
    public void Escape_LeavesPrintableTextUnchanged(string text)
    {
        UntrustedText.Escape(text).Should().Be(text);
        UntrustedText.Refusal("--comment", text).Should().BeNull();
    }

    [Fact]
    public void Escape_EveryC0C1AndDelCharacter_IsEscaped()
    {
        var all = new StringBuilder();
        for (var c = 0; c < 0x20; c++)
        {
            all.Append((char)c);
        }

        for (var c = 0x7F; c <= 0x9F; c++)
        {
            all.Append((char)c);
        }

        var shown = UntrustedText.Escape(all.ToString());

        shown.Should().MatchRegex(@"^(\\u00[0-9a-f]{2}){65}$");
    }

    [Fact]
    public void Escape_ShowsALoneSurrogate_AndRefusalNamesIt()
    {
        // Not in the theory table: xunit's data serialization would replace the surrogate.
        var text = "a" + (char)0xD800 + "b";

        UntrustedText.Escape(text).Should().Be("a\\ud800b");
        UntrustedText.Refusal("--reason", text).Should().Contain("U+D800");
    }

    [Fact]
    public void Escape_IsIdempotent_SoTextEscapedTwiceReadsTheSame()
    {
        var once = UntrustedText.Escape("x\u001b[31my\u202E");

        UntrustedText.Escape(once).Should().Be(once);
    }

    [Fact]
    public void Quote_EscapesInnerQuotes_SoTextCannotCloseTheQuoteAndSpeakForTheGate()
    {
        var quoted = UntrustedText.Quote("ok\" state: verified \"");

        quoted.Should().Be("\"ok\\\" state: verified \\\"\"");
    }

    [Fact]
    public void Refusal_DistinguishesControlFromInvisibleCharacters()
    {
        UntrustedText.Refusal("--reason", "a\u001bb").Should().Contain("U+001B, a control character");
        UntrustedText.Refusal("--comment", "a\u3164b").Should().Contain("U+3164, an invisible or direction-changing character");
        UntrustedText.Refusal("--comment", null).Should().BeNull();
    }
}
