using McpGate.Core.Changes;
using System.Diagnostics;
using System.Globalization;
using McpGate.Bench.Harness;
using McpGate.Bench.Samples;
using McpGate.Core.Engine;
using McpGate.Core.Ledger;

namespace McpGate.Bench.Ledger;

/// <summary>
/// Pair 2: <c>ChangeLedger.VerifyAsync</c> over 10,000 entries against a raw scan of the same
/// rows (same query, same columns, same connection settings, nothing checked). The difference
/// is the per-entry work of verification: parsing the time, re-canonicalizing the payload and
/// recomputing the SHA-256 chain.
/// </summary>
internal static class LedgerVerifyBench
{
    public const int Entries = 10_000;

    /// <summary>Each change writes the four entries a real proposal and approval write.</summary>
    private const int EntriesPerChange = 4;

    public static async Task<PairResult> RunAsync(SamplePayloads samples, IReadOnlyList<StorageLocation> storage)
    {
        // Fill the ledger through its own API where fsync is free, then measure on the disk copy.
        var fillAt = storage[^1];
        var measureAt = storage[0];
        var fillFolder = fillAt.CreateFolder("mcpgate-bench-fill-");
        var measureFolder = measureAt.CreateFolder("mcpgate-bench-verify-");
        try
        {
            var filled = Path.Combine(fillFolder, "ledger.db");
            var fillTime = await FillAsync(filled, samples);
            using (var raw = new RawSqlite(filled))
            {
                await raw.CheckpointAsync();
            }

            var path = Path.Combine(measureFolder, "ledger.db");
            File.Copy(filled, path);
            using var ledger = ChangeLedger.Open(path, TimeProvider.System);
            using var scan = new RawSqlite(path);

            var check = await ledger.VerifyAsync();
            if (!check.Succeeded || check.EntriesChecked != Entries)
            {
                throw new InvalidOperationException($"the benchmark ledger does not verify ({check.EntriesChecked} entries): {check.Failure}");
            }

            var result = await PairRunner.RunAsync(new PairDefinition
            {
                Name = "ledger verify 10,000 entries",
                BaselineLabel = "raw SELECT scan of the same rows",
                SubjectLabel = "ChangeLedger.VerifyAsync",
                Baseline = async () => await RequireRowsAsync(scan.ScanAsync()),
                Subject = async () => await RequireVerifiedAsync(ledger.VerifyAsync()),
                Rounds = 40,
                WarmupRounds = 3,
            });

            var perSecond = (double)Entries / (result.Subject.Median / 1e6);
            var scanPerSecond = (double)Entries / (result.Baseline.Median / 1e6);
            return result with
            {
                Note = string.Create(
                    CultureInfo.InvariantCulture,
                    $"verify {perSecond:N0} entries/s, scan {scanPerSecond:N0} rows/s; {measureAt.FileSystem} file {Units.Bytes(new FileInfo(path).Length)} (page cache warm); filled through the ledger API on {fillAt.FileSystem} in {fillTime.TotalSeconds:0.0} s"),
            };
        }
        finally
        {
            StorageLocation.DeleteFolder(fillFolder);
            StorageLocation.DeleteFolder(measureFolder);
        }
    }

    private static async Task<TimeSpan> FillAsync(string path, SamplePayloads samples)
    {
        var watch = Stopwatch.StartNew();
        using var ledger = ChangeLedger.Open(path, TimeProvider.System);
        var document = samples.ChangeDocumentJson;
        for (var change = 0; change < Entries / EntriesPerChange; change++)
        {
            var id = string.Create(CultureInfo.InvariantCulture, $"bench-{change:D5}");
            await ledger.CreateChangeAsync(id, ChangeState.Proposed, document, "proposed", samples.Payload("proposed"));
            await ledger.TransitionAsync(id, ChangeState.Proposed, ChangeState.Proven, document, "proven", samples.Payload("proven"));
            await ledger.TransitionAsync(id, ChangeState.Proven, ChangeState.PendingApproval, document, "pending_approval", samples.Payload("pending_approval"));
            await ledger.AppendEventAsync(id, ChangeState.PendingApproval, LedgerEvents.ApprovalSubmitted, samples.Payload(LedgerEvents.ApprovalSubmitted));
        }

        return watch.Elapsed;
    }

    private static async ValueTask RequireRowsAsync(ValueTask<long> scan)
    {
        if (await scan != Entries)
        {
            throw new InvalidOperationException("the raw scan did not read every row");
        }
    }

    private static async ValueTask RequireVerifiedAsync(Task<LedgerVerification> verify)
    {
        if ((await verify).EntriesChecked != Entries)
        {
            throw new InvalidOperationException("VerifyAsync did not check every entry");
        }
    }
}
