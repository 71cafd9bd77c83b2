namespace McpGate.Core.Ledger;

public sealed partial class ChangeLedger
{
    /// <summary>See <see cref="ReadChangeWithEntriesUnguardedAsync"/>; a storage fault comes out as <see cref="LedgerStorageException"/>.</summary>
    /// <exception cref="LedgerCorruptException">The row's state is not a change state.</exception>
    public Task<(StoredChange Row, IReadOnlyList<LedgerEntry> Entries)?> ReadChangeWithEntriesAsync(string changeId, CancellationToken cancellationToken = default) =>
        GuardReadAsync(() => ReadChangeWithEntriesUnguardedAsync(changeId, cancellationToken));

    /// <summary>
    /// One change's row and its entries, oldest first, read from one consistent snapshot, so that a
    /// transition committed in between never makes them look as if they disagree; null when there is no row.
    /// </summary>
    /// <exception cref="LedgerCorruptException">The row's state is not a change state.</exception>
    private async Task<(StoredChange Row, IReadOnlyList<LedgerEntry> Entries)?> ReadChangeWithEntriesUnguardedAsync(string changeId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(changeId);
        using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        using var snapshot = connection.BeginTransaction(deferred: true);
        using var row = connection.CreateCommand();
        row.Transaction = snapshot;
        row.CommandText = $"SELECT {ChangeColumns} FROM changes WHERE change_id = $id;";
        row.Parameters.AddWithValue("$id", changeId);
        StoredChange stored;
        using (var reader = await row.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            stored = ReadChange(reader);
        }

        using var entries = connection.CreateCommand();
        entries.Transaction = snapshot;
        entries.CommandText = $"SELECT {EntryColumns} FROM ledger WHERE change_id = $id ORDER BY seq;";
        entries.Parameters.AddWithValue("$id", changeId);
        var list = new List<LedgerEntry>();
        using (var reader = await entries.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                list.Add(ReadEntry(reader));
            }
        }

        return (stored, list);
    }
}
