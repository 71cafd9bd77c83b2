using McpGate.Core.Changes;
using McpGate.Bench.Harness;
using McpGate.Bench.Samples;
using McpGate.Core.Engine;
using McpGate.Core.Ledger;

namespace McpGate.Bench.Ledger;

/// <summary>
/// Pair 1: a ledger write against a raw INSERT of the same payload with the same pragmas and
/// transaction style. Both sides write to their own file with the ledger's schema, in the same
/// folder; what differs is what the ledger adds: the state check, canonical JSON (RFC 8785),
/// reading the previous entry's hash and hashing the new entry.
/// </summary>
internal static class LedgerAppendBench
{
    private const string ChangeId = "bench-change";
    private const string State = "pending_approval";

    public static async Task<IReadOnlyList<PairResult>> RunAsync(SamplePayloads samples, StorageLocation storage)
    {
        var folder = storage.CreateFolder("mcpgate-bench-append-");
        try
        {
            using var ledger = ChangeLedger.Open(Path.Combine(folder, "ledger.db"), TimeProvider.System);
            await ledger.CreateChangeAsync(ChangeId, ChangeState.PendingApproval, samples.ChangeDocumentJson, "proposed", samples.Payload("proposed"));

            // Same schema, made by the ledger itself, then written to with plain SQL.
            var rawPath = Path.Combine(folder, "raw.db");
            using (var schema = ChangeLedger.Open(rawPath, TimeProvider.System))
            {
                await schema.CreateChangeAsync(ChangeId, ChangeState.PendingApproval, samples.ChangeDocumentJson, "proposed", samples.Payload("proposed"));
            }

            using var raw = new RawSqlite(rawPath);
            var document = samples.ChangeDocumentJson;
            var proven = samples.Payload("proven");
            var approval = samples.Payload(LedgerEvents.ApprovalSubmitted);
            // Batches smooth single-commit jitter; tmpfs commits are about five times cheaper.
            var operations = storage.Label == "disk" ? 4 : 8;

            var transition = await PairRunner.RunAsync(new PairDefinition
            {
                Name = $"ledger transition ({storage.Label})",
                BaselineLabel = "raw UPDATE + INSERT, BEGIN IMMEDIATE",
                SubjectLabel = "ChangeLedger.TransitionAsync",
                Baseline = () => raw.UpdateAndInsertAsync(ChangeId, State, document, "proven", proven.ToJsonString(), LedgerTimeText.Now()),
                Subject = async () => await ledger.TransitionAsync(ChangeId, ChangeState.PendingApproval, ChangeState.PendingApproval, document, "proven", proven),
                Rounds = 300,
                OperationsPerSample = operations,
                WarmupRounds = 20,
            }, $"{storage.FileSystem} at {storage.Root}; payload {Units.Bytes(proven.ToJsonString().Length)}, document {Units.Bytes(document.Length)}");

            var append = await PairRunner.RunAsync(new PairDefinition
            {
                Name = $"ledger append event ({storage.Label})",
                BaselineLabel = "raw INSERT, BEGIN IMMEDIATE",
                SubjectLabel = "ChangeLedger.AppendEventAsync",
                Baseline = () => raw.InsertAsync(ChangeId, LedgerEvents.ApprovalSubmitted, approval.ToJsonString(), LedgerTimeText.Now()),
                Subject = async () => await ledger.AppendEventAsync(ChangeId, ChangeState.PendingApproval, LedgerEvents.ApprovalSubmitted, approval),
                Rounds = 300,
                OperationsPerSample = operations,
                WarmupRounds = 20,
            }, $"{storage.FileSystem} at {storage.Root}; approval_submitted payload {Units.Bytes(approval.ToJsonString().Length)}");

            var verification = await ledger.VerifyAsync();
            if (!verification.Succeeded)
            {
                throw new InvalidOperationException($"the benchmark ledger does not verify: {verification.Failure}");
            }

            return [transition, append];
        }
        finally
        {
            StorageLocation.DeleteFolder(folder);
        }
    }
}
