using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using McpGate.Core.Json;

namespace McpGate.Core.Tests.Json;

public sealed class CanonicalJsonTests
{
    // RFC 8785 section 3.2.2 (the "sample" JSON data) and 3.2.3 (its canonical form).
    private const string Rfc8785SampleInput = """
        {
          "numbers": [333333333.33333329, 1E30, 4.50,
                      2e-3, 0.000000000000000000000000001],
          "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
          "literals": [null, true, false]
        }
        """;

    private const string Rfc8785SampleOutput =
        "{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27]," +
        "\"string\":\"\u20ac$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}";

    [Fact]
    public void Canonicalize_Rfc8785Sample_MatchesSection323()
    {
        CanonicalJson.Canonicalize(Rfc8785SampleInput).Should().Be(Rfc8785SampleOutput);
    }

    [Fact]
    public void Serialize_Rfc8785Sample_ProducesUtf8OfCanonicalForm()
    {
        var node = JsonNode.Parse(Rfc8785SampleInput);

        CanonicalJson.Serialize(node).Should().Equal(Encoding.UTF8.GetBytes(Rfc8785SampleOutput));
    }

    [Fact]
    public void Serialize_JsonElement_MatchesNodeForm()
    {
        using var document = JsonDocument.Parse(Rfc8785SampleInput);

        Encoding.UTF8.GetString(CanonicalJson.Serialize(document.RootElement)).Should().Be(Rfc8785SampleOutput);
    }

    [Fact]
    public void Canonicalize_Rfc8785SortingExample_SortsByUtf16CodeUnits()
    {
        // RFC 8785 section 3.2.3, "Sorting of Object Properties".
        const string input = """
            {
              "\u20ac": "Euro Sign",
              "\r": "Carriage Return",
              "\ufb33": "Hebrew Letter Dalet With Dagesh",
              "1": "One",
              "\ud83d\ude00": "Emoji: Grinning Face",
              "\u0080": "Control",
              "\u00f6": "Latin Small Letter O With Diaeresis"
            }
            """;

        var canonical = CanonicalJson.Canonicalize(input);

        canonical.Should().Be(
            "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\"," +
            "\"\u00f6\":\"Latin Small Letter O With Diaeresis\",\"\u20ac\":\"Euro Sign\"," +
            "\"\ud83d\ude00\":\"Emoji: Grinning Face\",\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}");
    }

    [Fact]
    public void Serialize_Rfc8785SortingExample_HasExpectedUtf8Bytes()
    {
        // The UTF-8 of the names in order (RFC 8785 section 3.2.3 lists the UTF-16 units).
        var bytes = CanonicalJson.Serialize(JsonNode.Parse("""{"\u20ac":1,"\r":2,"\ufb33":3,"1":4,"\ud83d\ude00":5,"\u0080":6,"\u00f6":7}"""));

        Convert.ToHexString(bytes).Should().Be(Convert.ToHexString(Encoding.UTF8.GetBytes(
            "{\"\\r\":2,\"1\":4,\"\u0080\":6,\"\u00f6\":7,\"\u20ac\":1,\"\ud83d\ude00\":5,\"\ufb33\":3}")));
    }

    public static TheoryData<string, string> Rfc8785NumberSamples => new()
    {
        // RFC 8785 appendix B: IEEE-754 bit pattern -> canonical text.
        { "0000000000000000", "0" },
        { "8000000000000000", "0" },
        { "0000000000000001", "5e-324" },
        { "8000000000000001", "-5e-324" },
        { "7fefffffffffffff", "1.7976931348623157e+308" },
        { "ffefffffffffffff", "-1.7976931348623157e+308" },
        { "4340000000000000", "9007199254740992" },
        { "c340000000000000", "-9007199254740992" },
        { "4430000000000000", "295147905179352830000" },
        { "44b52d02c7e14af5", "9.999999999999997e+22" },
        { "44b52d02c7e14af6", "1e+23" },
        { "44b52d02c7e14af7", "1.0000000000000001e+23" },
        { "444b1ae4d6e2ef4e", "999999999999999700000" },
        { "444b1ae4d6e2ef4f", "999999999999999900000" },
        { "444b1ae4d6e2ef50", "1e+21" },
        { "3eb0c6f7a0b5ed8c", "9.999999999999997e-7" },
        { "3eb0c6f7a0b5ed8d", "0.000001" },
        { "41b3de4355555553", "333333333.3333332" },
        { "41b3de4355555554", "333333333.33333325" },
        { "41b3de4355555555", "333333333.3333333" },
        { "41b3de4355555556", "333333333.3333334" },
        { "41b3de4355555557", "333333333.33333343" },
        { "becbf647612f3696", "-0.0000033333333333333333" },
        { "43143ff3c1cb0959", "1424953923781206.2" },
    };

    [Theory]
    [MemberData(nameof(Rfc8785NumberSamples))]
    public void Serialize_Rfc8785NumberSample_UsesEcmaScriptForm(string bits, string expected)
    {
        var value = BitConverter.Int64BitsToDouble(Convert.ToInt64(bits, 16));

        CanonicalJson.ToCanonicalString(JsonValue.Create(value)).Should().Be(expected);
    }

    [Theory]
    [InlineData("7fffffffffffffff")]
    [InlineData("7ff0000000000000")]
    [InlineData("fff0000000000000")]
    public void Serialize_NonFiniteNumber_Throws(string bits)
    {
        var value = BitConverter.Int64BitsToDouble(Convert.ToInt64(bits, 16));

        var act = () => CanonicalJson.ToCanonicalString(JsonValue.Create(value));

        act.Should().Throw<JsonException>().WithMessage("*finite*");
    }

    [Theory]
    [InlineData("1.0", "1")]
    [InlineData("-0", "0")]
    [InlineData("-0.0", "0")]
    [InlineData("1E2", "100")]
    [InlineData("1e-7", "1e-7")]
    [InlineData("0.1", "0.1")]
    [InlineData("9007199254740992", "9007199254740992")]
    [InlineData("-9007199254740991", "-9007199254740991")]
    [InlineData("295147905179352830000", "295147905179352830000")]
    public void Canonicalize_NumberLiteral_UsesDoubleValue(string literal, string expected)
    {
        CanonicalJson.Canonicalize(literal).Should().Be(expected);
    }

    [Theory]
    [InlineData("9007199254740993")]
    [InlineData("1152921504606846976")]
    [InlineData("123456789012345678901")]
    public void Canonicalize_IntegerJcsWouldChange_Throws(string literal)
    {
        var act = () => CanonicalJson.Canonicalize(literal);

        // JCS reads numbers as doubles and would silently change these; rejecting is safer.
        act.Should().Throw<JsonException>().WithMessage($"*{literal}*2^53*");
    }

    [Fact]
    public void Serialize_ClrIntegers_WrittenAsIs()
    {
        var node = new JsonObject
        {
            ["int"] = 42,
            ["long"] = 9007199254740991L,
            ["negative"] = -17,
            ["decimal"] = 4.50m,
            ["float"] = 1.1f,
            ["bool"] = true,
            ["guid"] = Guid.Empty,
        };

        CanonicalJson.ToCanonicalString(node).Should().Be(
            "{\"bool\":true,\"decimal\":4.5,\"float\":1.1,\"guid\":\"00000000-0000-0000-0000-000000000000\"," +
            "\"int\":42,\"long\":9007199254740991,\"negative\":-17}");
    }

    [Fact]
    public void Serialize_ClrLongBeyondDoublePrecision_Throws()
    {
        var act = () => CanonicalJson.ToCanonicalString(JsonValue.Create(9007199254740993L));

        act.Should().Throw<JsonException>();
    }

    [Fact]
    public void Canonicalize_DuplicateMemberNames_Throws()
    {
        var act = () => CanonicalJson.Canonicalize("""{"a":1,"b":2,"a":3}""");

        act.Should().Throw<JsonException>();
    }

    [Fact]
    public void Serialize_JsonElementWithDuplicateMemberNames_Throws()
    {
        // JsonDocument allows duplicates by default; the canonicalizer must not pick one.
        using var document = JsonDocument.Parse("""{"a":1,"a":2}""");

        var act = () => CanonicalJson.Serialize(document.RootElement);

        act.Should().Throw<JsonException>().WithMessage("*\"a\"*");
    }

    [Fact]
    public void Serialize_StringEscapes_FollowJcs()
    {
        var node = JsonValue.Create("\"\\/\b\f\n\r\t\u0000\u001f\u007f\u2028<>&'\u00e9\ud83d\ude00");

        CanonicalJson.ToCanonicalString(node).Should().Be(
            "\"\\\"\\\\/\\b\\f\\n\\r\\t\\u0000\\u001f\u007f\u2028<>&'\u00e9\ud83d\ude00\"");
    }

    // Attribute strings are stored as UTF-8, which cannot carry lone surrogates: build them here.
    public static TheoryData<int[]> LoneSurrogates => new()
    {
        new[] { 0xd800 },
        new[] { 'a', 0xdc00, 'b' },
        new[] { 0xde00, 0xd83d },
        new[] { 'x', 0xd83d },
    };

    [Theory]
    [MemberData(nameof(LoneSurrogates))]
    public void Serialize_LoneSurrogate_Throws(int[] codeUnits)
    {
        var text = new string(codeUnits.Select(static u => (char)u).ToArray());

        var act = () => CanonicalJson.ToCanonicalString(JsonValue.Create(text));

        act.Should().Throw<JsonException>().WithMessage("*surrogate*");
    }

    [Theory]
    [InlineData("\"\\ud800\"")]
    [InlineData("{\"a\":\"x\\udc00y\"}")]
    [InlineData("{\"\\udc00\":1}")]
    [InlineData("[\"\\ude00\\ud83d\"]")]
    public void Canonicalize_EscapedLoneSurrogate_ThrowsJsonException(string json)
    {
        var canonicalize = () => CanonicalJson.Canonicalize(json);
        var serialize = () => CanonicalJson.Serialize(JsonDocument.Parse(json).RootElement);

        canonicalize.Should().Throw<JsonException>().WithMessage("*not valid UTF-16*");
        serialize.Should().Throw<JsonException>().WithMessage("*not valid UTF-16*");
    }

    [Fact]
    public void Serialize_NestedStructures_HaveNoWhitespace()
    {
        var node = JsonNode.Parse("""
            { "b" : [ 1 , { "z" : null , "a" : [ ] } ] , "a" : { } }
            """);

        CanonicalJson.ToCanonicalString(node).Should().Be("""{"a":{},"b":[1,{"a":[],"z":null}]}""");
    }

    [Fact]
    public void Serialize_NullNode_IsJsonNull()
    {
        CanonicalJson.ToCanonicalString(null).Should().Be("null");
        CanonicalJson.Serialize((JsonNode?)null).Should().Equal("null"u8.ToArray());
    }

    [Fact]
    public void Canonicalize_CanonicalOutput_IsIdempotent()
    {
        var once = CanonicalJson.Canonicalize(Rfc8785SampleInput);

        CanonicalJson.Canonicalize(once).Should().Be(once);
    }

    [Theory]
    [InlineData("""{"a":1,}""")]
    [InlineData("""{"a":1 /* c */}""")]
    [InlineData("NaN")]
    public void Canonicalize_NonStrictJson_Throws(string json)
    {
        var act = () => CanonicalJson.Canonicalize(json);

        act.Should().Throw<JsonException>();
    }
}
