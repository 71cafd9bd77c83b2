using McpGate.Sandbox.Metrics;

namespace McpGate.Sandbox.Tests.Metrics;

public sealed class ResourceQuantityTests
{
    public static TheoryData<long, string> CpuCases => new()
    {
        { 12_345_678, "12345678n" },
        { 3_000_000, "3m" },
        { 3_000, "3u" },
        { 2_000_000_000, "2" },
        { 1_500_000_000, "1500m" },
        { 0, "0" },
    };

    public static TheoryData<long, string> MemoryCases => new()
    {
        { 80_736_256, "78844Ki" },
        { 64L * 1024 * 1024, "64Mi" },
        { 2L * 1024 * 1024 * 1024, "2Gi" },
        { 1000, "1000" },
    };

    public static TheoryData<string, double?> ParseCases => new()
    {
        { "250m", 0.25 },
        { "0.5", 0.5 },
        { "2", 2 },
        { "12345678n", 0.012345678 },
        { "128Mi", 134_217_728 },
        { "1G", 1_000_000_000 },
        { "1e3", 1000 },
        { "lots", null },
        { "", null },
    };

    [Theory]
    [MemberData(nameof(CpuCases))]
    public void Cpu_Nanocores_FormatsCanonically(long nanocores, string expected) =>
        ResourceQuantity.Cpu(nanocores).Should().Be(expected);

    [Theory]
    [MemberData(nameof(MemoryCases))]
    public void Memory_Bytes_FormatsAsBinaryQuantity(long bytes, string expected) =>
        ResourceQuantity.Memory(bytes).Should().Be(expected);

    [Theory]
    [MemberData(nameof(ParseCases))]
    public void Parse_Quantity_ReturnsItsValueOrNull(string text, double? expected) =>
        ((double?)ResourceQuantity.Parse(text)).Should().Be(expected);
}
