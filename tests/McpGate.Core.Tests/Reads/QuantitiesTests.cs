using System.Globalization;
using FluentAssertions;
using McpGate.Core.Reads;
using Xunit;

namespace McpGate.Core.Tests.Reads;

public sealed class QuantitiesTests
{
    public static TheoryData<string, string> Values => new()
    {
        { "2", "2" },
        { "0", "0" },
        { "0.5", "0.5" },
        { ".5", "0.5" },
        { "+3", "3" },
        { "-250m", "-0.25" },
        { "250m", "0.25" },
        { "12345678n", "0.012345678" },
        { "1500u", "0.0015" },
        { "1k", "1000" },
        { "1M", "1000000" },
        { "1.5G", "1500000000" },
        { "2T", "2000000000000" },
        { "1P", "1000000000000000" },
        { "1E", "1000000000000000000" },
        { "1Ki", "1024" },
        { "20480Ki", "20971520" },
        { "64Mi", "67108864" },
        { "1.5Gi", "1610612736" },
        { "1Ti", "1099511627776" },
        { "1Pi", "1125899906842624" },
        { "1Ei", "1152921504606846976" },
        { "1e3", "1000" },
        { "1E3", "1000" },
        { "12e-3", "0.012" },
        { "1.5e+2", "150" },
        { " 100m ", "0.1" },
    };

    [Theory]
    [MemberData(nameof(Values))]
    public void Parse_Quantity_IsItsValueInBaseUnits(string text, string expected) =>
        Quantities.Parse(text).Should().Be(decimal.Parse(expected, NumberStyles.Float, CultureInfo.InvariantCulture));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("m")]
    [InlineData("1x")]
    [InlineData("1mi")]
    [InlineData("1KI")]
    [InlineData("1e")]
    [InlineData("1.2.3")]
    [InlineData("1 m")]
    [InlineData("1e999")]
    [InlineData("1e-99")]
    [InlineData("99999999999999999999Ei")]
    public void Parse_NotAQuantityOrOutOfRange_IsNull(string? text) =>
        Quantities.Parse(text).Should().BeNull();

    [Theory]
    [InlineData("250m", 250)]
    [InlineData("1", 1000)]
    [InlineData("1500000n", 2)]
    [InlineData("1n", 1)]
    [InlineData("0", 0)]
    [InlineData("3.9", 3900)]
    public void Millicores_RoundsUpAsKubectl(string text, long expected) =>
        Quantities.Millicores(text).Should().Be(expected);

    [Theory]
    [InlineData("20480Ki", 20)]
    [InlineData("1.5Mi", 1)]
    [InlineData("8Gi", 8192)]
    [InlineData("1G", 953)]
    [InlineData("1048575", 0)]
    public void Mebibytes_CutsDownAsKubectl(string text, long expected) =>
        Quantities.Mebibytes(text).Should().Be(expected);

    [Fact]
    public void MillicoresAndMebibytes_NotAQuantity_AreNull()
    {
        Quantities.Millicores("lots").Should().BeNull();
        Quantities.Mebibytes(null).Should().BeNull();
    }
}
