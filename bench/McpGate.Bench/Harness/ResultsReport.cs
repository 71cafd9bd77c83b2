using System.Globalization;
using System.Text;

namespace McpGate.Bench.Harness;

/// <summary>Prints the results table and writes it, with context, as Markdown.</summary>
internal static class ResultsReport
{
    public static void Print(IReadOnlyList<PairResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var width = Math.Max(4, results.Max(r => r.Definition.Name.Length));
        Console.WriteLine();
        Console.WriteLine($"{"Pair".PadRight(width)}  {"Baseline",10}  {"Subject",10}  {"Ratio",7}  {"p25-p75",11}  {"Added",10}  {"Base p95",10}  {"Subj p95",10}");
        Console.WriteLine(new string('-', width + 82));
        foreach (var r in results)
        {
            Console.WriteLine(
                $"{r.Definition.Name.PadRight(width)}  {Units.Format(r.Baseline.Median),10}  {Units.Format(r.Subject.Median),10}  " +
                $"{Units.Ratio(r.Ratio),7}  {RoundRange(r),11}  {Units.Format(r.Added),10}  {Units.Format(r.Baseline.P95),10}  {Units.Format(r.Subject.P95),10}");
        }

        Console.WriteLine();
        foreach (var r in results.Where(r => r.Note is not null))
        {
            Console.WriteLine($"{r.Definition.Name}: {r.Note}");
        }
    }

    public static async Task WriteMarkdownAsync(string path, IReadOnlyList<PairResult> results, MachineInfo machine, string load, TimeSpan elapsed, DateTimeOffset when)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(machine);
        var md = new StringBuilder();
        md.AppendLine("# McpGate benchmark results");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Run {when:yyyy-MM-dd HH:mm} UTC, {elapsed.TotalSeconds:0} s in all, with `dotnet run -c Release --project bench/McpGate.Bench`.");
        md.AppendLine(CultureInfo.InvariantCulture, $"Machine: {machine}.");
        md.AppendLine(CultureInfo.InvariantCulture, $"Load average (1, 5, 15 min) {load}: other work shared the cores, which is why only ratios are compared.");
        md.AppendLine();
        md.AppendLine("Ratio = subject median / baseline median, both measured side by side in this run (alternating rounds).");
        md.AppendLine("p25-p75 is the spread of the per-round ratios; added = subject median - baseline median. Times are per operation.");
        md.AppendLine("Compare ratios across runs and machines, not absolute times.");
        md.AppendLine();
        md.AppendLine("| Pair | Baseline median | Subject median | Ratio | Round ratios p25-p75 | Added | Baseline p95 | Subject p95 | Rounds x ops |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Definition.Name} | {Units.Format(r.Baseline.Median)} | {Units.Format(r.Subject.Median)} | **{Units.Ratio(r.Ratio)}** | {RoundRange(r)} | {Units.Format(r.Added)} | " +
                $"{Units.Format(r.Baseline.P95)} | {Units.Format(r.Subject.P95)} | {r.Definition.Rounds} x {r.Definition.OperationsPerSample} |");
        }

        md.AppendLine();
        md.AppendLine("## What each pair compares");
        md.AppendLine();
        foreach (var r in results)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"- **{r.Definition.Name}**: baseline {r.Definition.BaselineLabel}; subject {r.Definition.SubjectLabel}.");
            if (r.Note is not null)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"  {r.Note}.");
            }
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, md.ToString());
    }

    private static string RoundRange(PairResult r) =>
        string.Create(CultureInfo.InvariantCulture, $"{r.RoundRatios.P25:0.00}-{r.RoundRatios.P75:0.00}");
}
