using System.Text;
using System.Text.Json;
using McpGate.Core.Json;

namespace McpGate.Core.Tests.Json;

/// <summary>
/// <see cref="CanonicalJsonCheck.IsCanonical"/> must answer exactly as "canonicalizing the text
/// gives the text back" does: held to that on named cases and on many generated texts, with the
/// spellings JSON allows but JCS does not (whitespace, member order, escapes, number forms).
/// </summary>
public sealed class CanonicalJsonCheckTests
{
    [Theory]
    [InlineData("{}", true)]
    [InlineData("[]", true)]
    [InlineData("null", true)]
    [InlineData("\"a\"", true)]
    [InlineData("{\"a\":1,\"b\":[true,false,null]}", true)]
    [InlineData("{\"b\":1,\"a\":2}", false)]
    [InlineData("{\"a\":1,\"a\":2}", false)]
    [InlineData("{ \"a\":1}", false)]
    [InlineData("{\"a\": 1}", false)]
    [InlineData("{\"a\":1} ", false)]
    [InlineData(" {\"a\":1}", false)]
    [InlineData("[1,2 ]", false)]
    [InlineData("[1,\n2]", false)]
    [InlineData("4.50", false)]
    [InlineData("4.5", true)]
    [InlineData("1E30", false)]
    [InlineData("1e+30", true)]
    [InlineData("-0", false)]
    [InlineData("0", true)]
    [InlineData("1.0", false)]
    [InlineData("100", true)]
    [InlineData("1e2", false)]
    [InlineData("9007199254740993", false)]
    [InlineData("1e400", false)]
    [InlineData("\"\\/\"", false)]
    [InlineData("\"/\"", true)]
    [InlineData("\"\\u0041\"", false)]
    [InlineData("\"\\n\"", true)]
    [InlineData("\"\\u000a\"", false)]
    [InlineData("\"\\u001f\"", true)]
    [InlineData("\"\\u001F\"", false)]
    [InlineData("\"\\u00e9\"", false)]
    [InlineData("\"\\u0100\"", false)]
    [InlineData("\"\\u1000\"", false)]
    [InlineData("\"\\u0020\"", false)]
    [InlineData("\"\\u0019\"", true)]
    [InlineData("\"\\u001a\"", true)]
    [InlineData("\"\\u000b\"", true)]
    [InlineData("\"\\u000c\"", false)]
    [InlineData("\"é\"", true)]
    [InlineData("\"\\ud83d\\ude00\"", false)]
    [InlineData("\"\\ud800\"", false)]
    [InlineData("{\"\\u00e9\":1}", false)]
    [InlineData("{\"a\":1,}", false)]
    [InlineData("{\"a\":1}{}", false)]
    [InlineData("", false)]
    [InlineData("[1,2]//x", false)]
    public void NamedCases_AgreeWithCanonicalizing(string text, bool expected)
    {
        Reference(text).Should().Be(expected, "the reference decides; this row only documents it");
        Check(text).Should().Be(expected, text);
    }

    [Fact]
    public void MemberOrder_IsUtf16CodeUnitOrder_NotUtf8ByteOrder()
    {
        // U+FF61 sorts after U+1F600's high surrogate (0xD83D) in UTF-16, before it in UTF-8 bytes.
        var utf16Order = "{\"\ud83d\ude00\":1,\"\uff61\":2}";
        var byteOrder = "{\"\uff61\":2,\"\ud83d\ude00\":1}";

        Check(utf16Order).Should().Be(Reference(utf16Order)).And.BeTrue();
        Check(byteOrder).Should().Be(Reference(byteOrder)).And.BeFalse();
    }

    [Fact]
    public void NestingAtTheLimit_AgreesWithCanonicalizing()
    {
        foreach (var depth in new[] { 255, 256, 257 })
        {
            var text = new string('[', depth) + new string(']', depth);
            Check(text).Should().Be(Reference(text), $"depth {depth}");
        }
    }

    [Fact]
    public void GeneratedTexts_AgreeWithCanonicalizing()
    {
        var random = new Random(20261201);
        var canonicalSeen = 0;
        for (var i = 0; i < 20_000; i++)
        {
            var text = new JsonTextGenerator(random).Value(depth: 0);
            var expected = Reference(text);
            Check(text).Should().Be(expected, text);

            // The canonical form of every text that has one is itself canonical.
            if (TryCanonicalize(text) is { } canonical)
            {
                Check(canonical).Should().BeTrue(canonical);
                canonicalSeen++;
            }
        }

        canonicalSeen.Should().BeGreaterThan(5_000, "the generator must also produce texts that canonicalize");
    }

    private static bool Check(string text)
    {
        byte[] bytes;
        try
        {
            bytes = new UTF8Encoding(false, throwOnInvalidBytes: true).GetBytes(text);
        }
        catch (EncoderFallbackException)
        {
            return false;
        }

        return CanonicalJsonCheck.IsCanonical(bytes);
    }

    private static bool Reference(string text) => TryCanonicalize(text) is { } canonical && canonical == text;

    private static string? TryCanonicalize(string text)
    {
        try
        {
            return CanonicalJson.Canonicalize(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>JSON texts in the spellings JSON allows: sometimes canonical, mostly a little off.</summary>
    private sealed class JsonTextGenerator(Random random)
    {
        private static readonly string[] s_numbers =
        [
            "0", "-0", "1", "-1", "1.0", "4.5", "4.50", "1e30", "1E30", "1e+30", "-1.5e-7", "1.5e-7", "0.1",
            "1e-7", "100", "1e2", "9007199254740992", "9007199254740993", "123456789012345678901234567890",
            "5e-324", "1.7976931348623157e+308", "0.000001", "1e21", "1000000000000000000000", "2.5E+3",
        ];

        private static readonly string[] s_stringParts =
        [
            "a", "b", "B", "z", " ", "/", "\\/", "\\\\", "\\\"", "\\n", "\\u000a", "\\t", "\\u0009", "\\b", "\\f", "\\r",
            "\\u0000", "\\u001f", "\\u001F", "\\u007f", "\u007f", "\\u0041", "é", "\\u00e9", "\\u00E9", "\ud83d\ude00",
            "\\ud83d\\ude00", "\\ud800", "\uff61", "\u2028", "\\u2028", "\u0085",
        ];

        private static readonly string[] s_names = ["a", "b", "B", "aa", "", "é", "\ud83d\ude00", "\uff61", "a\\u0000", "\\u0061", "z"];

        private static readonly string[] s_space = [" ", "\n", "\t", "\r\n"];

        public string Value(int depth)
        {
            var roll = random.Next(depth > 4 ? 6 : 10);
            return roll switch
            {
                0 => "null",
                1 => random.Next(2) == 0 ? "true" : "false",
                2 or 3 => s_numbers[random.Next(s_numbers.Length)],
                4 or 5 => String(),
                6 or 7 => Array(depth),
                _ => Object(depth),
            };
        }

        private string String()
        {
            var builder = new StringBuilder("\"");
            var parts = random.Next(4);
            for (var i = 0; i < parts; i++)
            {
                builder.Append(s_stringParts[random.Next(s_stringParts.Length)]);
            }

            return builder.Append('"').ToString();
        }

        private string Array(int depth)
        {
            var items = Enumerable.Range(0, random.Next(4)).Select(_ => Value(depth + 1));
            return "[" + Space() + string.Join("," + Space(), items) + Space() + "]";
        }

        private string Object(int depth)
        {
            var names = Enumerable.Range(0, random.Next(5)).Select(_ => s_names[random.Next(s_names.Length)]).ToList();
            if (random.Next(3) > 0)
            {
                // Mostly in order (by the unescaped name's UTF-16 code units); sometimes not, sometimes repeated.
                names = [.. names.Distinct().OrderBy(Unescaped, StringComparer.Ordinal)];
            }

            var members = names.Select(n => "\"" + n + "\"" + Space() + ":" + Space() + Value(depth + 1));
            return "{" + Space() + string.Join("," + Space(), members) + Space() + "}";
        }

        private static string Unescaped(string name) => JsonSerializer.Deserialize<string>("\"" + name + "\"")!;

        private string Space() => random.Next(12) == 0 ? s_space[random.Next(s_space.Length)] : string.Empty;
    }
}
