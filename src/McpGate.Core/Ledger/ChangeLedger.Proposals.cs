using System.Text.Json.Nodes;
using McpGate.Core.Changes;
using McpGate.Core.Json;
using Microsoft.Data.Sqlite;

namespace McpGate.Core.Ledger;

public sealed partial class ChangeLedger
{
    /// <summary>
    /// Creates a change as <see cref="CreateChangeAsync"/> does, unless a change in one of
    /// <paramref name="matchStates"/> satisfies <paramref name="isSame"/>: then nothing is written
    /// and that change is returned. The lookup and the insert run in one write transaction, so of
    /// identical proposals racing (threads or processes) exactly one creates and the others find it.
    /// Returns <see langword="null"/> when this change was created.
    /// </summary>
    public async Task<StoredChange?> CreateChangeUnlessAsync(
        string changeId,
        ChangeState state,
        string documentJson,
        string eventType,
        JsonNode payload,
        IReadOnlyCollection<ChangeState> matchStates,
        Func<StoredChange, bool> isSame,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(changeId);
        ValidateDocument(documentJson);
        ArgumentException.ThrowIfNullOrWhiteSpace(eventType);
        ArgumentNullException.ThrowIfNull(payload);
        ArgumentNullException.ThrowIfNull(matchStates);
        ArgumentNullException.ThrowIfNull(isSame);
        var payloadJson = CanonicalJson.ToCanonicalString(payload);
        Observe(changeId, eventType, committed: false);
        try
        {
            using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            using var transaction = connection.BeginTransaction(deferred: false);
            foreach (var candidate in await ListInStatesAsync(connection, matchStates, cancellationToken).ConfigureAwait(false))
            {
                if (isSame(candidate))
                {
                    return candidate;
                }
            }

            var now = LedgerTime.Now(_timeProvider);
            await InsertChangeRowAsync(connection, changeId, state, documentJson, now, cancellationToken).ConfigureAwait(false);

            await AppendEntryAsync(connection, changeId, eventType, payloadJson, now, cancellationToken).ConfigureAwait(false);
            EnsureStillThere();
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException e) when (LedgerStorageFaults.Classify(e, DatabasePath) is { } condition)
        {
            throw RecordFault(condition, e);
        }

        Volatile.Write(ref _storageFault, null);
        Observe(changeId, eventType, committed: true);
        return null;
    }

    private static async Task<List<StoredChange>> ListInStatesAsync(
        SqliteConnection connection,
        IReadOnlyCollection<ChangeState> states,
        CancellationToken cancellationToken)
    {
        var changes = new List<StoredChange>();
        foreach (var state in states)
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT {ChangeColumns} FROM changes WHERE state = $state ORDER BY created_at, rowid;";
            command.Parameters.AddWithValue("$state", state.ToWire());
            using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                changes.Add(ReadChange(reader));
            }
        }

        return changes;
    }
}
