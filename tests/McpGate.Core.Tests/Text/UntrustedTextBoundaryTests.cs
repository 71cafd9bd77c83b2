using McpGate.Core.Manifests;
using McpGate.Core.Text;

namespace McpGate.Core.Tests.Text;

/// <summary>The edges of the escaped ranges, the refusal's wording, and lone surrogates in both escapers.</summary>
public sealed class UntrustedTextBoundaryTests
{
    public static TheoryData<string, string> Edges => new()
    {
        { "\u180A", "\u180A" },
        { "\u180B", "\\u180b" },
        { "\u180F", "\\u180f" },
        { "\u1810", "\u1810" },
    };

    [Theory]
    [MemberData(nameof(Edges))]
    public void Escape_MongolianSelectorRange_EscapesExactlyItsEnds(string text, string expected) =>
        UntrustedText.Escape(text).Should().Be(expected);

    public static TheoryData<string, string?> Refusals => new()
    {
        { "a\u001Fb", "reason contains U+001F, a control character" },
        { "a b", null },
        { "a\u007Fb", "reason contains U+007F, a control character" },
        { "a\u009Fb", "reason contains U+009F, a control character" },
        { "a\u200Bb", "reason contains U+200B, an invisible or direction-changing character" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void Refusal_NamesTheCharacterAndItsKind(string text, string? expected)
    {
        var refusal = UntrustedText.Refusal("reason", text);

        if (expected is null)
        {
            refusal.Should().BeNull();
        }
        else
        {
            refusal.Should().StartWith(expected + ":");
        }
    }

    [Fact]
    public void Escape_LoneSurrogate_ShowsTheCodeUnitAndKeepsTheRest()
    {
        UntrustedText.Escape("a\uD800b\u001B").Should().Be("a\\ud800b\\u001b");
        ParameterText.Escape("a\uD800b\u001B").Should().Be("a\\uD800b\\u001B");
    }
}
