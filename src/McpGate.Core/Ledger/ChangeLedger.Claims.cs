using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;

namespace McpGate.Core.Ledger;

public sealed partial class ChangeLedger
{
    private const string ClaimColumns = "change_id, instance_id, host, pid, process_start, lease_expires";

    /// <summary>The executor claim on this change, or <see langword="null"/> when nobody holds it.</summary>
    public async Task<ExecutorClaim?> GetClaimAsync(string changeId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(changeId);
        return await GuardReadAsync(async () =>
        {
            using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            return await ReadClaimAsync(connection, changeId, cancellationToken).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    /// <summary>
    /// Extends the lease of a claim that <paramref name="owner"/> still holds to now plus
    /// <paramref name="lease"/>. Returns false, writing nothing, when another executor holds the
    /// change or nobody does. Renewals are not ledger entries; taking a claim is.
    /// </summary>
    public async Task<bool> RenewClaimAsync(string changeId, ExecutorInstance owner, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(changeId);
        ArgumentNullException.ThrowIfNull(owner);
        return await GuardWriteAsync(async () =>
        {
            using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            using var update = connection.CreateCommand();
            update.CommandText = "UPDATE claims SET lease_expires = $until WHERE change_id = $id AND instance_id = $instance;";
            update.Parameters.AddWithValue("$until", LedgerTime.ToText(LedgerTime.Now(_timeProvider) + lease));
            update.Parameters.AddWithValue("$id", changeId);
            update.Parameters.AddWithValue("$instance", owner.InstanceId);
            return await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
        }).ConfigureAwait(false);
    }

    /// <summary>
    /// Applies <paramref name="check"/> inside the caller's write transaction: throws
    /// <see cref="ExecutorClaimException"/> (so nothing is written) when the condition fails;
    /// otherwise updates the claims table and records what it did in <paramref name="payload"/>.
    /// </summary>
    private static async Task ApplyClaimAsync(
        SqliteConnection connection,
        string changeId,
        ClaimCheck? check,
        JsonNode payload,
        DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var existing = await ReadClaimAsync(connection, changeId, cancellationToken).ConfigureAwait(false);
        if (check is null)
        {
            if (existing is not null)
            {
                throw new ExecutorClaimException(changeId, existing,
                    $"Change '{changeId}' is claimed by executor {existing.Owner}; only its holder may move it. Nothing was written.");
            }

            return;
        }

        var mine = existing is not null && string.Equals(existing.Owner.InstanceId, check.Owner.InstanceId, StringComparison.Ordinal);
        switch (check.Mode)
        {
            case ClaimMode.Take:
                if (existing is not null && !mine)
                {
                    var gone = ProcessLiveness.WhyGone(existing, check.Owner, now) ?? throw new ExecutorClaimException(changeId, existing,
                        $"Change '{changeId}' is claimed by executor {existing.Owner} until {LedgerTime.ToText(existing.LeaseExpires)}, which is not gone. Nothing was written.");
                    payload["takenOver"] = ClaimJson(existing);
                    payload["takenOver"]!["gone"] = gone;
                }

                await UpsertClaimAsync(connection, changeId, check.Owner, now + check.Lease, cancellationToken).ConfigureAwait(false);
                payload["claim"] = ClaimJson(new ExecutorClaim { ChangeId = changeId, Owner = check.Owner, LeaseExpires = now + check.Lease });
                break;
            case ClaimMode.Hold or ClaimMode.Release:
                if (!mine)
                {
                    throw new ExecutorClaimException(changeId, existing, existing is null
                        ? $"Change '{changeId}' is not claimed by executor {check.Owner.InstanceId}; nothing was written."
                        : $"Change '{changeId}' is now claimed by executor {existing.Owner}, not {check.Owner.InstanceId}; nothing was written.");
                }

                if (check.Mode == ClaimMode.Hold)
                {
                    await UpsertClaimAsync(connection, changeId, check.Owner, now + check.Lease, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    using var delete = connection.CreateCommand();
                    delete.CommandText = "DELETE FROM claims WHERE change_id = $id;";
                    delete.Parameters.AddWithValue("$id", changeId);
                    await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                payload["executor"] = check.Owner.InstanceId;
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(check), check.Mode, "unknown claim mode");
        }
    }

    private static async Task UpsertClaimAsync(SqliteConnection connection, string changeId, ExecutorInstance owner, DateTimeOffset until, CancellationToken cancellationToken)
    {
        using var upsert = connection.CreateCommand();
        upsert.CommandText = $"""
            INSERT INTO claims ({ClaimColumns}) VALUES ($id, $instance, $host, $pid, $start, $until)
            ON CONFLICT (change_id) DO UPDATE SET instance_id = $instance, host = $host, pid = $pid, process_start = $start, lease_expires = $until;
            """;
        upsert.Parameters.AddWithValue("$id", changeId);
        upsert.Parameters.AddWithValue("$instance", owner.InstanceId);
        upsert.Parameters.AddWithValue("$host", owner.Host);
        upsert.Parameters.AddWithValue("$pid", owner.ProcessId);
        upsert.Parameters.AddWithValue("$start", LedgerTime.ToText(owner.ProcessStart));
        upsert.Parameters.AddWithValue("$until", LedgerTime.ToText(until));
        await upsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<ExecutorClaim?> ReadClaimAsync(SqliteConnection connection, string changeId, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {ClaimColumns} FROM claims WHERE change_id = $id;";
        command.Parameters.AddWithValue("$id", changeId);
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        // A row edited by hand into nonsense counts as an expired lease: its owner cannot be checked.
        var start = LedgerTime.TryParse(reader.GetString(4), out var startText) ? startText : DateTimeOffset.MinValue;
        var until = LedgerTime.TryParse(reader.GetString(5), out var untilText) ? untilText : DateTimeOffset.MinValue;
        return new ExecutorClaim
        {
            ChangeId = reader.GetString(0),
            Owner = new ExecutorInstance
            {
                InstanceId = reader.GetString(1),
                Host = reader.GetString(2),
                ProcessId = reader.GetInt32(3),
                ProcessStart = start,
            },
            LeaseExpires = until,
        };
    }

    private static JsonObject ClaimJson(ExecutorClaim claim) => new()
    {
        ["instance"] = claim.Owner.InstanceId,
        ["host"] = claim.Owner.Host,
        ["pid"] = claim.Owner.ProcessId,
        ["processStart"] = LedgerTime.ToText(claim.Owner.ProcessStart),
        ["leaseExpires"] = LedgerTime.ToText(claim.LeaseExpires),
    };
}
