using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using McpGate.Bench.Harness;
using McpGate.Bench.Samples;
using McpGate.Core.Crypto;
using McpGate.Core.Json;
using McpGate.Core.Ledger;
using Microsoft.Data.Sqlite;

namespace McpGate.Bench.Ledger;

/// <summary>
/// Section <c>checkpoints</c> (only when named): what signed checkpoints cost on a large ledger.
/// For each size (100,000 entries, and 1,000,000 when named <c>checkpoints-1m</c>) it fills a ledger
/// on the disk with the real sample payloads (4 per change, hashes chained, one raw transaction),
/// then times: <c>SignCheckpointAsync</c> after 4 new entries (read every leaf, consistency proof from
/// the previous checkpoint, root, sign, store, append to checkpoints.log); <c>VerifyAsync</c> (the
/// hash chain); <c>VerifyCheckpointsAsync</c> (the tree against every checkpoint); and a raw scan of
/// the same rows for scale. Absolute times, medians of a few runs; page cache warm.
/// </summary>
internal static class CheckpointBench
{
    private const int Runs = 5;
    private const int DurableAppends = 200;

    public static async Task RunAsync(SamplePayloads samples, StorageLocation location, IReadOnlyList<int> sizes)
    {
        Console.WriteLine($"| entries | append, batched (fill: one transaction) | append, durable (ledger API, one commit each, {DurableAppends}) | fill | checkpoint (sign after 4 new) | ledger verify (chain) | checkpoint verify (tree) | full verify rate | raw scan | file |");
        Console.WriteLine($"|---|---|---|---|---|---|---|---|---|---|");
        foreach (var size in sizes)
        {
            var folder = location.CreateFolder("mcpgate-bench-checkpoints-");
            try
            {
                Console.WriteLine(await MeasureAsync(samples, Path.Combine(folder, "ledger.db"), size));
            }
            finally
            {
                SqliteConnection.ClearAllPools();
                StorageLocation.DeleteFolder(folder);
            }
        }
    }

    private static async Task<string> MeasureAsync(SamplePayloads samples, string path, int size)
    {
        var fill = Stopwatch.StartNew();
        using (ChangeLedger.Open(path, TimeProvider.System))
        {
        }

        var fillPrevious = await FillAsync(path, samples, 0, size - 4, LedgerGenesis());
        fill.Stop();
        using var gateKey = Ed25519PrivateKey.Generate();
        using var ledger = ChangeLedger.Open(path, TimeProvider.System);
        (await ledger.SignCheckpointAsync(gateKey)).Should($"a first checkpoint of {size - 4}");

        var sign = new List<double>();
        var previous = fillPrevious;
        var count = size - 4;
        for (var run = 0; run < Runs; run++)
        {
            previous = await FillAsync(path, samples, count, 4, previous);
            count += 4;
            var watch = Stopwatch.StartNew();
            var signed = await ledger.SignCheckpointAsync(gateKey);
            watch.Stop();
            signed.Should($"a checkpoint of {count}");
            sign.Add(watch.Elapsed.TotalMilliseconds);
        }

        var chain = new List<double>();
        var tree = new List<double>();
        var scan = new List<double>();
        for (var run = 0; run < 3; run++)
        {
            var watch = Stopwatch.StartNew();
            var verified = await ledger.VerifyAsync();
            chain.Add(watch.Elapsed.TotalMilliseconds);
            if (!verified.Succeeded)
            {
                throw new InvalidOperationException($"the benchmark ledger does not verify: {verified.Failure}");
            }

            watch.Restart();
            var checkpoints = await ledger.VerifyCheckpointsAsync(gateKey.PublicKey, CheckpointLog.Read(ledger.CheckpointLogPath));
            tree.Add(watch.Elapsed.TotalMilliseconds);
            if (!checkpoints.Succeeded || checkpoints.TreeSize != count)
            {
                throw new InvalidOperationException($"the benchmark checkpoints do not verify: {checkpoints.Failure}");
            }

            watch.Restart();
            using var raw = new RawSqlite(path);
            await raw.ScanAsync();
            scan.Add(watch.Elapsed.TotalMilliseconds);
        }

        // Durable appends through the ledger API, one entry per commit, on the full ledger.
        var appends = Stopwatch.StartNew();
        for (var i = 0; i < DurableAppends; i++)
        {
            await ledger.AppendEventAsync("chg-0000000", Core.Changes.ChangeState.PendingApproval, "approval_submitted", samples.Payload("approval_submitted"));
        }

        appends.Stop();
        var full = Median(chain) + Median(tree);
        return string.Create(CultureInfo.InvariantCulture,
            $"| {count:N0} | {(size - 4) / fill.Elapsed.TotalSeconds:N0} entries/s ({fill.Elapsed.TotalSeconds:0.0} s) | {DurableAppends / appends.Elapsed.TotalSeconds:N0} entries/s | {fill.Elapsed.TotalSeconds:0.0} s | {Median(sign):0} ms (min {sign.Min():0}, max {sign.Max():0}) | {Median(chain) / 1000:0.00} s | {Median(tree) / 1000:0.00} s | {count / (full / 1000):N0} entries/s ({full / 1000:0.0} s) | {Median(scan) / 1000:0.00} s | {Units.Bytes(new FileInfo(path).Length)} |");
    }

    /// <summary>Appends <paramref name="count"/> entries after entry <paramref name="after"/> in one transaction, chaining from <paramref name="previous"/>.</summary>
    private static async Task<string> FillAsync(string path, SamplePayloads samples, int after, int count, string previous)
    {
        string[] events = ["proposed", "proven", "pending_approval", "approval_submitted"];
        var payloads = events.ToDictionary(e => e, e => CanonicalJson.ToCanonicalString(samples.Payload(e)));
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        using var transaction = connection.BeginTransaction();
        using var change = connection.CreateCommand();
        change.CommandText = "INSERT OR IGNORE INTO changes VALUES ($id, 'pending_approval', '{}', $t, $t);";
        using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO ledger VALUES ($seq, $id, $type, $payload, $t, $prev, $hash);";
        const string time = "2026-11-30T00:00:00.000Z";
        for (var i = after; i < after + count; i++)
        {
            var id = string.Create(CultureInfo.InvariantCulture, $"chg-{i / 4:D7}");
            var type = events[i % 4];
            var entry = new JsonObject
            {
                ["changeId"] = id,
                ["eventType"] = type,
                ["payload"] = JsonNode.Parse(payloads[type]),
                ["prevHash"] = previous,
                ["sequence"] = i + 1,
                ["time"] = time,
            };
            var hash = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(CanonicalJson.Serialize(entry)));
            change.Parameters.Clear();
            change.Parameters.AddWithValue("$id", id);
            change.Parameters.AddWithValue("$t", time);
            await change.ExecuteNonQueryAsync();
            insert.Parameters.Clear();
            insert.Parameters.AddWithValue("$seq", i + 1);
            insert.Parameters.AddWithValue("$id", id);
            insert.Parameters.AddWithValue("$type", type);
            insert.Parameters.AddWithValue("$payload", payloads[type]);
            insert.Parameters.AddWithValue("$t", time);
            insert.Parameters.AddWithValue("$prev", previous);
            insert.Parameters.AddWithValue("$hash", hash);
            await insert.ExecuteNonQueryAsync();
            previous = hash;
        }

        await transaction.CommitAsync();
        return previous;
    }

    private static string LedgerGenesis() => "sha256:" + Convert.ToHexStringLower(SHA256.HashData([]));

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    private static void Should(this StoredCheckpoint? checkpoint, string what)
    {
        if (checkpoint is null)
        {
            throw new InvalidOperationException($"expected {what}, but nothing was signed");
        }
    }
}
