using System.Globalization;
using System.Text.Json.Nodes;
using McpGate.Core.Changes;
using McpGate.Core.Crypto;
using McpGate.Core.Json;
using McpGate.Core.Text;
using Microsoft.Data.Sqlite;

namespace McpGate.Core.Ledger;

public sealed partial class ChangeLedger
{
    /// <summary>
    /// Inserts the change row and its first ledger entry in one transaction. Throws
    /// <see cref="InvalidOperationException"/> if a change with this id exists.
    /// </summary>
    public async Task<LedgerEntry> CreateChangeAsync(
        string changeId,
        ChangeState state,
        string documentJson,
        string eventType,
        JsonNode payload,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(changeId);
        ValidateDocument(documentJson);
        ArgumentException.ThrowIfNullOrWhiteSpace(eventType);
        ArgumentNullException.ThrowIfNull(payload);
        return await WriteAsync(changeId, eventType, payload, async (connection, now) =>
        {
            if (await ReadStateAsync(connection, changeId, cancellationToken).ConfigureAwait(false) is not null)
            {
                throw new InvalidOperationException($"Change '{changeId}' already exists; nothing was written.");
            }

            await InsertChangeRowAsync(connection, changeId, state, documentJson, now, cancellationToken).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Compare-and-set: in one transaction, checks that the change is in
    /// <paramref name="expectedState"/> (otherwise throws <see cref="ChangeStateConflictException"/>
    /// and writes nothing), sets its state, document and updated_at, and appends one entry.
    /// A change that an executor has claimed cannot be moved this way (<see cref="ExecutorClaimException"/>):
    /// only through the overload with a <see cref="ClaimCheck"/> that its holder passes.
    /// </summary>
    public Task<LedgerEntry> TransitionAsync(
        string changeId,
        ChangeState expectedState,
        ChangeState newState,
        string documentJson,
        string eventType,
        JsonNode payload,
        CancellationToken cancellationToken = default) =>
        TransitionAsync(changeId, expectedState, newState, documentJson, eventType, payload, claim: null, cancellationToken);

    /// <summary>
    /// The compare-and-set above with an executor claim condition checked and applied in the same
    /// transaction (see <see cref="ClaimMode"/>): the state and the claim both hold, or nothing is
    /// written. What the claim did (taken, taken over from whom and why, held by whom) is recorded
    /// in the entry's payload, so it is hash-chained with the transition.
    /// </summary>
    public async Task<LedgerEntry> TransitionAsync(
        string changeId,
        ChangeState expectedState,
        ChangeState newState,
        string documentJson,
        string eventType,
        JsonNode payload,
        ClaimCheck? claim,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(changeId);
        ValidateDocument(documentJson);
        ArgumentException.ThrowIfNullOrWhiteSpace(eventType);
        ArgumentNullException.ThrowIfNull(payload);
        var recorded = payload.DeepClone();
        return await WriteAsync(changeId, eventType, recorded, async (connection, now) =>
        {
            using var update = connection.CreateCommand();
            update.CommandText = """
                UPDATE changes SET state = $new, document = $document, updated_at = $now
                WHERE change_id = $id AND state = $expected;
                """;
            update.Parameters.AddWithValue("$id", changeId);
            update.Parameters.AddWithValue("$expected", expectedState.ToWire());
            update.Parameters.AddWithValue("$new", newState.ToWire());
            update.Parameters.AddWithValue("$document", documentJson);
            update.Parameters.AddWithValue("$now", LedgerTime.ToText(now));
            if (await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
            {
                var actual = await ReadStateAsync(connection, changeId, cancellationToken).ConfigureAwait(false);
                throw new ChangeStateConflictException(changeId, expectedState, actual);
            }

            await ApplyClaimAsync(connection, changeId, claim, recorded, now, cancellationToken).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Appends one entry (an approval submitted by the CLI, for example) only if the change
    /// is in <paramref name="requiredState"/>; the state, document and updated_at stay as they are.
    /// Throws <see cref="ChangeStateConflictException"/> and writes nothing otherwise.
    /// </summary>
    public async Task<LedgerEntry> AppendEventAsync(
        string changeId,
        ChangeState requiredState,
        string eventType,
        JsonNode payload,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(changeId);
        ArgumentException.ThrowIfNullOrWhiteSpace(eventType);
        ArgumentNullException.ThrowIfNull(payload);
        return await WriteAsync(changeId, eventType, payload, async (connection, _) =>
        {
            var actual = await ReadStateAsync(connection, changeId, cancellationToken).ConfigureAwait(false);
            if (actual != requiredState)
            {
                throw new ChangeStateConflictException(changeId, requiredState, actual);
            }
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The shape of every write: one up-front write transaction in which <paramref name="apply"/>
    /// checks and changes the change row (throwing writes nothing) and may add to the payload, then one entry is appended
    /// to the chain, then everything commits together.
    /// </summary>
    private async Task<LedgerEntry> WriteAsync(
        string changeId,
        string eventType,
        JsonNode payload,
        Func<SqliteConnection, DateTimeOffset, Task> apply,
        CancellationToken cancellationToken)
    {
        Observe(changeId, eventType, committed: false);
        var written = await GuardWriteAsync(async () =>
        {
            using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            using var transaction = connection.BeginTransaction(deferred: false);
            var now = LedgerTime.Now(_timeProvider);
            await apply(connection, now).ConfigureAwait(false);

            // After apply: it may add to the payload (what a claim did) before the entry is hashed.
            var payloadJson = CanonicalJson.ToCanonicalString(payload);
            var entry = await AppendEntryAsync(connection, changeId, eventType, payloadJson, now, cancellationToken).ConfigureAwait(false);
            EnsureStillThere();
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return entry;
        }).ConfigureAwait(false);
        Observe(changeId, eventType, committed: true);
        return written;
    }

    private static async Task InsertChangeRowAsync(SqliteConnection connection, string changeId, ChangeState state, string documentJson, DateTimeOffset now, CancellationToken cancellationToken)
    {
        using var insert = connection.CreateCommand();
        insert.CommandText = """
            INSERT INTO changes (change_id, state, document, created_at, updated_at)
            VALUES ($id, $state, $document, $now, $now);
            """;
        insert.Parameters.AddWithValue("$id", changeId);
        insert.Parameters.AddWithValue("$state", state.ToWire());
        insert.Parameters.AddWithValue("$document", documentJson);
        insert.Parameters.AddWithValue("$now", LedgerTime.ToText(now));
        await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <returns>The change's state; null when there is no such change.</returns>
    /// <exception cref="LedgerCorruptException">The state column holds what is not a change state.</exception>
    private static async Task<ChangeState?> ReadStateAsync(SqliteConnection connection, string changeId, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT state FROM changes WHERE change_id = $id;";
        command.Parameters.AddWithValue("$id", changeId);
        var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return value is null or DBNull ? null : ParseState(changeId, value);
    }

    /// <summary>A state column as written by <see cref="ChangeStates.ToWire"/>, spelled exactly.</summary>
    /// <exception cref="LedgerCorruptException">Anything else (another spelling, an unknown name, not text).</exception>
    internal static ChangeState ParseState(string changeId, object value) =>
        ChangeStates.FromWire(value as string)
        ?? throw new LedgerCorruptException(changeId, $"has state {UntrustedText.Quote(Convert.ToString(value, CultureInfo.InvariantCulture))} in the changes table, which is not a change state (one of {string.Join(", ", ChangeStates.WireNames)}, spelled exactly)");

    /// <summary>Appends after the current last entry; the caller holds the write transaction.</summary>
    private static async Task<LedgerEntry> AppendEntryAsync(
        SqliteConnection connection,
        string changeId,
        string eventType,
        string payloadJson,
        DateTimeOffset time,
        CancellationToken cancellationToken)
    {
        long previousSequence = 0;
        var previousHash = LedgerEntryHash.Genesis;
        using (var last = connection.CreateCommand())
        {
            last.CommandText = "SELECT seq, entry_hash FROM ledger ORDER BY seq DESC LIMIT 1;";
            using var reader = await last.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                previousSequence = reader.GetInt64(0);
                previousHash = Sha256Digest.Parse(reader.GetString(1));
            }
        }

        var sequence = previousSequence + 1;
        var timeText = LedgerTime.ToText(time);
        var entryHash = LedgerEntryHash.Compute(sequence, changeId, eventType, payloadJson, timeText, previousHash);

        using (var insert = connection.CreateCommand())
        {
            insert.CommandText = """
                INSERT INTO ledger (seq, change_id, event_type, payload, time, prev_hash, entry_hash)
                VALUES ($seq, $id, $type, $payload, $time, $prev, $hash);
                """;
            insert.Parameters.AddWithValue("$seq", sequence);
            insert.Parameters.AddWithValue("$id", changeId);
            insert.Parameters.AddWithValue("$type", eventType);
            insert.Parameters.AddWithValue("$payload", payloadJson);
            insert.Parameters.AddWithValue("$time", timeText);
            insert.Parameters.AddWithValue("$prev", previousHash.ToString());
            insert.Parameters.AddWithValue("$hash", entryHash.ToString());
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        return new LedgerEntry
        {
            Sequence = sequence,
            ChangeId = changeId,
            EventType = eventType,
            PayloadJson = payloadJson,
            Time = time,
            PreviousHash = previousHash,
            EntryHash = entryHash,
        };
    }
}
