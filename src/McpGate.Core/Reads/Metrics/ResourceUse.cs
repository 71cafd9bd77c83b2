using System.Globalization;
using System.Text.Json.Nodes;
using McpGate.Core.Reads.Views;

namespace McpGate.Core.Reads.Metrics;

/// <summary>CPU (cores) and memory (bytes) in use, summed exactly and rounded only when shown, as kubectl top does.</summary>
internal readonly record struct ResourceUse(decimal Cores, decimal Bytes)
{
    private const decimal Mi = 1024m * 1024m;

    /// <summary>CPU in millicores, rounded up.</summary>
    public long Millicores => (long)Math.Ceiling(Cores * 1000m);

    /// <summary>Memory in whole mebibytes, cut down.</summary>
    public long Mebibytes => (long)Math.Floor(Bytes / Mi);

    public string CpuText => Millicores.ToString(CultureInfo.InvariantCulture) + "m";

    public string MemoryText => Mebibytes.ToString(CultureInfo.InvariantCulture) + "Mi";

    /// <summary>A metrics object's <c>usage</c> ({cpu, memory}); an unreadable quantity counts as zero.</summary>
    public static ResourceUse Of(JsonNode? usage) =>
        new(Quantities.Parse(ObjectFields.Text(usage?["cpu"])) ?? 0m, Quantities.Parse(ObjectFields.Text(usage?["memory"])) ?? 0m);

    public static ResourceUse operator +(ResourceUse a, ResourceUse b) => new(a.Cores + b.Cores, a.Bytes + b.Bytes);

    public static ResourceUse Add(ResourceUse a, ResourceUse b) => a + b;

    public JsonObject ToJson() => new() { ["cpuMillicores"] = Millicores, ["memoryMebibytes"] = Mebibytes };
}
