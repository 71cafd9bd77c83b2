using System.Runtime;
using System.Runtime.InteropServices;

namespace McpGate.Bench.Harness;

/// <summary>What the figures were measured on; absolute numbers mean little without it.</summary>
internal sealed record MachineInfo(string Cpu, int Cores, string Os, string Runtime, string Gc)
{
    public static MachineInfo Current() => new(
        CpuModel(),
        Environment.ProcessorCount,
        RuntimeInformation.OSDescription,
        $"{RuntimeInformation.FrameworkDescription} {RuntimeInformation.ProcessArchitecture}",
        GCSettings.IsServerGC ? "server GC" : $"workstation GC ({GCSettings.LatencyMode})");

    /// <summary>The 1, 5 and 15 minute load averages, or "unknown" off Linux.</summary>
    public static string LoadAverage()
    {
        const string LoadAvg = "/proc/loadavg";
        return File.Exists(LoadAvg) ? string.Join(' ', File.ReadAllText(LoadAvg).Split(' ').Take(3)) : "unknown";
    }

    public override string ToString() => $"{Cores} cores ({Cpu}), {Os}, {Runtime}, {Gc}";

    private static string CpuModel()
    {
        const string CpuInfo = "/proc/cpuinfo";
        var line = File.Exists(CpuInfo)
            ? File.ReadLines(CpuInfo).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))
            : null;
        return line is null ? RuntimeInformation.ProcessArchitecture.ToString() : line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
    }
}
