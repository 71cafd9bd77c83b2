using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using McpGate.Sandbox.Objects;

namespace McpGate.Sandbox.Metrics;

/// <summary>
/// Plausible, deterministic usage for a running container: a share of its requests (or limits)
/// when it sets them, otherwise a level drawn from a stable hash of its pod and container name;
/// it wanders by a few percent from one scrape window to the next. Nodes add a system baseline.
/// </summary>
internal static class UsageModel
{
    private const long Mebibyte = 1024 * 1024;
    private const long Millicore = 1_000_000;

    public static ResourceUsage Container(string ns, string pod, JsonObject container, long window)
    {
        var name = JsonFields.String(container, "name") ?? string.Empty;
        var identity = $"{ns}/{pod}/{name}";
        var cpuShare = Fraction(identity, "cpu");
        var memoryShare = Fraction(identity, "memory");
        var cpuLimit = Resource(container, "cpu");
        var memoryLimit = Resource(container, "memory");

        // A container with requests uses 20-70% of them (CPU) and 30-80% (memory); one without runs light.
        var baseNanocores = cpuLimit is { } cores
            ? (double)cores * 1e9 * (0.2 + 0.5 * cpuShare)
            : (1 + 40 * cpuShare) * Millicore;
        var baseBytes = memoryLimit is { } bytes
            ? (double)bytes * (0.3 + 0.5 * memoryShare)
            : (8 + 180 * memoryShare) * Mebibyte;
        var cpuDrift = 0.85 + 0.3 * Fraction(identity, $"cpu@{window}");
        var memoryDrift = 0.97 + 0.06 * Fraction(identity, $"memory@{window}");
        return new ResourceUsage((long)Math.Max(1, baseNanocores * cpuDrift), Pages(baseBytes * memoryDrift));
    }

    /// <summary>What a node's kubelet, container runtime and system daemons use besides pods.</summary>
    public static ResourceUsage NodeBaseline(string node, long window)
    {
        var cpu = (60 + 40 * Fraction(node, "cpu")) * Millicore * (0.9 + 0.2 * Fraction(node, $"cpu@{window}"));
        var memory = (700 + 300 * Fraction(node, "memory")) * Mebibyte * (0.98 + 0.04 * Fraction(node, $"memory@{window}"));
        return new ResourceUsage((long)cpu, Pages(memory));
    }

    /// <summary>requests.NAME, or limits.NAME when no request is set; null when neither is.</summary>
    private static decimal? Resource(JsonObject container, string name) =>
        ResourceQuantity.Parse(JsonFields.String(container, "resources", "requests", name))
        ?? ResourceQuantity.Parse(JsonFields.String(container, "resources", "limits", name));

    /// <summary>Whole 4 KiB pages, as the kernel accounts memory.</summary>
    private static long Pages(double bytes) => Math.Max(1, (long)(bytes / 4096)) * 4096;

    /// <summary>A stable number in [0, 1) from the text, the same in every process.</summary>
    private static double Fraction(string identity, string aspect)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes($"{identity}\n{aspect}"), hash);
        return BitConverter.ToUInt32(hash) / 4294967296.0;
    }
}
