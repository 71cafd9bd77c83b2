using System.Globalization;
using System.Runtime.CompilerServices;

namespace McpGate.Core.Ledger;

public sealed partial class ChangeLedger
{
    /// <summary>
    /// Every change that has entries, with its entries and its row, one change at a time, from one
    /// consistent snapshot (for <c>ledger verify</c>, which rebuilds each row from its entries).
    /// </summary>
    public async IAsyncEnumerable<ChangeHistory> ReadHistoriesAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        using var snapshot = connection.BeginTransaction(deferred: true);
        using var entries = connection.CreateCommand();
        entries.Transaction = snapshot;
        entries.CommandText = $"SELECT {EntryColumns} FROM ledger ORDER BY change_id, seq;";
        using var row = connection.CreateCommand();
        row.Transaction = snapshot;
        row.CommandText = "SELECT state, document FROM changes WHERE change_id = $id;";
        var id = row.Parameters.Add("$id", Microsoft.Data.Sqlite.SqliteType.Text);

        using var reader = await entries.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var group = new List<LedgerEntry>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var entry = ReadEntry(reader);
            if (group.Count > 0 && !string.Equals(group[0].ChangeId, entry.ChangeId, StringComparison.Ordinal))
            {
                yield return await WithRowAsync(group).ConfigureAwait(false);
                group = [];
            }

            group.Add(entry);
        }

        if (group.Count > 0)
        {
            yield return await WithRowAsync(group).ConfigureAwait(false);
        }

        async Task<ChangeHistory> WithRowAsync(List<LedgerEntry> changeEntries)
        {
            id.Value = changeEntries[0].ChangeId;
            using var rowReader = await row.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var found = await rowReader.ReadAsync(cancellationToken).ConfigureAwait(false);
            return new ChangeHistory
            {
                ChangeId = changeEntries[0].ChangeId,
                Entries = changeEntries,
                RowState = found ? Convert.ToString(rowReader.GetValue(0), CultureInfo.InvariantCulture) : null,
                RowDocument = found ? Convert.ToString(rowReader.GetValue(1), CultureInfo.InvariantCulture) : null,
            };
        }
    }

    /// <summary>Change rows that no ledger entry names: their history was deleted.</summary>
    public async Task<IReadOnlyList<string>> ListChangesWithoutEntriesAsync(CancellationToken cancellationToken = default)
    {
        using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT change_id FROM changes WHERE NOT EXISTS (SELECT 1 FROM ledger WHERE ledger.change_id = changes.change_id) ORDER BY created_at, change_id;";
        var ids = new List<string>();
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            ids.Add(Convert.ToString(reader.GetValue(0), CultureInfo.InvariantCulture) ?? string.Empty);
        }

        return ids;
    }
}
