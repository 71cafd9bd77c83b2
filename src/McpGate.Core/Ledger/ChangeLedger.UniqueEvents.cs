using System.Globalization;
using System.Text.Json.Nodes;
using McpGate.Core.Changes;

namespace McpGate.Core.Ledger;

public sealed partial class ChangeLedger
{
    /// <summary>
    /// <see cref="AppendEventAsync"/>, refusing a duplicate in the same write transaction: if the
    /// change already has an entry of <paramref name="eventType"/> whose payload has the same
    /// string values for every field in <paramref name="uniqueFields"/> (e.g. one approval per
    /// identity and decision), throws <see cref="DuplicateLedgerEventException"/> and writes
    /// nothing. Parallel writers are serialized by the transaction, so exactly one succeeds.
    /// </summary>
    public Task<LedgerEntry> AppendUniqueEventAsync(
        string changeId,
        ChangeState requiredState,
        string eventType,
        JsonObject payload,
        IReadOnlyList<string> uniqueFields,
        CancellationToken cancellationToken = default) =>
        AppendUniqueAsync(changeId, requiredState, eventType, payload, uniqueFields, cancellationToken);

    /// <summary>
    /// <see cref="AppendUniqueEventAsync"/> for an entry that may follow any state (an approver's
    /// comment): the change must exist (<see cref="ChangeStateConflictException"/> with no actual
    /// state otherwise); its state, document and updated_at stay as they are.
    /// </summary>
    public Task<LedgerEntry> AppendUniqueEventInAnyStateAsync(
        string changeId,
        string eventType,
        JsonObject payload,
        IReadOnlyList<string> uniqueFields,
        CancellationToken cancellationToken = default) =>
        AppendUniqueAsync(changeId, requiredState: null, eventType, payload, uniqueFields, cancellationToken);

    private async Task<LedgerEntry> AppendUniqueAsync(
        string changeId,
        ChangeState? requiredState,
        string eventType,
        JsonObject payload,
        IReadOnlyList<string> uniqueFields,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(changeId);
        ArgumentException.ThrowIfNullOrWhiteSpace(eventType);
        ArgumentNullException.ThrowIfNull(payload);
        ArgumentNullException.ThrowIfNull(uniqueFields);
        if (uniqueFields.Count == 0)
        {
            throw new ArgumentException("name at least one field that must be unique", nameof(uniqueFields));
        }

        var values = uniqueFields.Select(f => payload[f]?.GetValue<string>()
            ?? throw new ArgumentException($"the payload has no string field '{f}'", nameof(payload))).ToList();
        return await WriteAsync(changeId, eventType, payload, async (connection, _) =>
        {
            var actual = await ReadStateAsync(connection, changeId, cancellationToken).ConfigureAwait(false);
            if (actual is null || (requiredState is { } required && actual != required))
            {
                throw new ChangeStateConflictException(changeId, requiredState ?? ChangeState.Proposed, actual);
            }

            // CASE keeps a damaged (non-JSON) entry from failing the check: it just never matches.
            using var duplicate = connection.CreateCommand();
            var conditions = string.Join(" AND ", uniqueFields.Select((_, i) => string.Create(CultureInfo.InvariantCulture,
                $"(CASE WHEN json_valid(payload) THEN json_extract(payload, $path{i}) END) = $value{i}")));
            duplicate.CommandText = $"SELECT seq FROM ledger WHERE change_id = $id AND event_type = $type AND {conditions} LIMIT 1;";
            duplicate.Parameters.AddWithValue("$id", changeId);
            duplicate.Parameters.AddWithValue("$type", eventType);
            for (var i = 0; i < uniqueFields.Count; i++)
            {
                duplicate.Parameters.AddWithValue(string.Create(CultureInfo.InvariantCulture, $"$path{i}"), "$." + uniqueFields[i]);
                duplicate.Parameters.AddWithValue(string.Create(CultureInfo.InvariantCulture, $"$value{i}"), values[i]);
            }

            if (await duplicate.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long sequence)
            {
                throw new DuplicateLedgerEventException(changeId, eventType, sequence);
            }
        }, cancellationToken).ConfigureAwait(false);
    }
}
