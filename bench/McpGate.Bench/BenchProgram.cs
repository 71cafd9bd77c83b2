using System.Diagnostics;
using McpGate.Bench.Crypto;
using McpGate.Bench.Gate;
using McpGate.Bench.Harness;
using McpGate.Bench.Ledger;
using McpGate.Bench.Samples;
using McpGate.Testing.Files;

namespace McpGate.Bench;

/// <summary>
/// Runs the side-by-side pairs and reports ratios. Arguments pick sections
/// (<c>ledger</c>, <c>verify</c>, <c>crypto</c>, <c>gate</c>, <c>reads</c>, <c>readlog</c>); none runs them all.
/// <c>checkpoints</c> (100,000 entries) and <c>checkpoints-1m</c> (also 1,000,000) run only when named.
/// </summary>
internal static class BenchProgram
{
    private static readonly string[] s_sections = ["ledger", "verify", "crypto", "gate", "reads", "readlog"];

    /// <summary>Sections that run only when named: they fill ledgers of 100k and 1M entries and take minutes.</summary>
    private static readonly string[] s_namedOnly = ["checkpoints", "checkpoints-1m"];

    public static async Task<int> RunAsync(string[] args)
    {
        var unknown = args.Where(a => !s_sections.Concat(s_namedOnly).Contains(a, StringComparer.OrdinalIgnoreCase)).ToList();
        if (unknown.Count > 0)
        {
            await Console.Error.WriteLineAsync($"unknown section(s): {string.Join(", ", unknown)}; choose from {string.Join(", ", s_sections.Concat(s_namedOnly))}");
            return 2;
        }

        bool Selected(string section) => args.Length == 0 || args.Contains(section, StringComparer.OrdinalIgnoreCase);

#if DEBUG
        Console.WriteLine("WARNING: a Debug build; measure with -c Release.");
#endif
        var machine = MachineInfo.Current();
        var storage = StorageLocation.Available();
        Console.WriteLine($"McpGate benchmarks on {machine}");
        Console.WriteLine($"Ledger storage: {string.Join(", ", storage.Select(s => $"{s.Label} = {s.Root} ({s.FileSystem})"))}");
        var loadAtStart = MachineInfo.LoadAverage();
        Console.WriteLine($"Load average: {loadAtStart}");
        var total = Stopwatch.StartNew();

        Console.WriteLine("Harvesting real payloads from one proposal and approval...");
        var samples = await SamplePayloads.HarvestAsync();
        var results = new List<PairResult>();

        if (Selected("ledger"))
        {
            Console.WriteLine("1. Ledger append");
            foreach (var location in storage)
            {
                results.AddRange(await LedgerAppendBench.RunAsync(samples, location));
            }
        }

        if (Selected("verify"))
        {
            Console.WriteLine("2. Ledger verify");
            results.Add(await LedgerVerifyBench.RunAsync(samples, storage));
        }

        if (Selected("crypto"))
        {
            Console.WriteLine("3. Signatures");
            results.AddRange(await SignatureBench.RunAsync(samples));
        }

        if (Selected("gate"))
        {
            Console.WriteLine("4. Gate overhead on the write path");
            results.AddRange(await GatePathBench.RunAsync(storage));
        }

        if (Selected("reads"))
        {
            Console.WriteLine("5. Gate overhead on the read path (through MCP)");
            results.AddRange(await McpGate.Bench.Reads.ReadPathBench.RunAsync());
        }

        if (Selected("readlog"))
        {
            Console.WriteLine("7. Recording reads (read log off vs on, through MCP)");
            results.AddRange(await McpGate.Bench.Reads.ReadLogBench.RunAsync());
        }

        var checkpointSizes = args.Contains("checkpoints-1m", StringComparer.OrdinalIgnoreCase) ? new[] { 100_000, 1_000_000 }
            : args.Contains("checkpoints", StringComparer.OrdinalIgnoreCase) ? [100_000]
            : [];
        if (checkpointSizes.Length > 0)
        {
            Console.WriteLine($"6. Checkpoints at {string.Join(" and ", checkpointSizes.Select(s => s.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)))} entries ({storage[0].Label}, {storage[0].FileSystem})");
            await CheckpointBench.RunAsync(samples, storage[0], checkpointSizes);
        }

        if (results.Count > 0)
        {
            ResultsReport.Print(results);
        }

        Console.WriteLine();
        if (args.Length > 0)
        {
            // Only a full run replaces the committed results.
            Console.WriteLine($"Done in {total.Elapsed.TotalSeconds:0} s (a partial run: bench/results/latest.md left as it was)");
            return 0;
        }

        var report = Path.Combine(RepoPaths.Root, "bench", "results", "latest.md");
        var load = $"{loadAtStart} at the start, {MachineInfo.LoadAverage()} at the end";
        await ResultsReport.WriteMarkdownAsync(report, results, machine, load, total.Elapsed, TimeProvider.System.GetUtcNow());
        Console.WriteLine($"Done in {total.Elapsed.TotalSeconds:0} s; wrote {report}");
        return 0;
    }
}
