using System.Globalization;
using System.Text.Json.Nodes;
using McpGate.Core.Approvals;
using McpGate.Core.Changes;
using McpGate.Core.Ledger;

namespace McpGate.Testing.Ledger;

/// <summary>Writes histories of changes through the ledger's API, as the engine would, for checkpoint and tamper tests.</summary>
public static class LedgerHistory
{
    /// <summary>
    /// Appends <paramref name="count"/> changes, each proposed, proven, pending approval and then
    /// rejected (final): four entries per change. Ids are <c>chg-{prefix}{i}</c>.
    /// </summary>
    public static async Task WriteRejectedChangesAsync(ChangeLedger ledger, int count, string prefix = "", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        for (var i = 1; i <= count; i++)
        {
            var id = string.Create(CultureInfo.InvariantCulture, $"chg-{prefix}{i}");
            await WritePendingChangeAsync(ledger, id, cancellationToken).ConfigureAwait(false);
            var rejected = Document(id, ChangeState.Rejected) with
            {
                Approvals = [new ApprovalRecord { Identity = "bob", KeyId = "ed25519:bob", Decision = ApprovalDecision.Reject, At = s_at }],
                Outcome = "rejected by bob",
            };
            await Move(ledger, id, ChangeState.PendingApproval, rejected, new JsonObject { ["by"] = "bob" }, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Appends one change left pending approval: three entries, none of them a final state.</summary>
    public static async Task WritePendingChangeAsync(ChangeLedger ledger, string changeId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        await ledger.CreateChangeAsync(changeId, ChangeState.Proposed, ChangeJson.Serialize(Document(changeId, ChangeState.Proposed) with { ProofDigest = null }), "proposed", new JsonObject { ["tool"] = "scale_deployment", ["requester"] = "agent" }, cancellationToken).ConfigureAwait(false);
        await Move(ledger, changeId, ChangeState.Proposed, Document(changeId, ChangeState.Proven), new JsonObject { ["proofDigest"] = ProofDigest(changeId) }, cancellationToken).ConfigureAwait(false);
        await Move(ledger, changeId, ChangeState.Proven, Document(changeId, ChangeState.PendingApproval), new JsonObject(), cancellationToken).ConfigureAwait(false);
    }

    private static readonly DateTimeOffset s_at = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    /// <summary>The digest the history names as the change's proof (a fixed value per change; no proof is signed).</summary>
    private static string ProofDigest(string changeId) =>
        "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(changeId)));

    /// <summary>The changes row as the engine would keep it, so that the history replays cleanly (ledger verify).</summary>
    private static ChangeDocument Document(string id, ChangeState state) => new()
    {
        Id = id,
        Tool = "scale_deployment",
        State = state,
        Requester = "agent",
        Reason = "test history",
        Cluster = "sandbox",
        Target = new ChangeTarget { Group = "apps", Version = "v1", Resource = "deployments", Namespace = "demo", Name = "web" },
        Arguments = new JsonObject(),
        Patch = new JsonObject(),
        Summary = "demo/web: replicas 2 -> 3",
        CreatedAt = s_at,
        ProofDigest = ProofDigest(id),
    };

    private static Task<LedgerEntry> Move(ChangeLedger ledger, string id, ChangeState from, ChangeDocument to, JsonObject payload, CancellationToken cancellationToken)
    {
        payload["from"] = from.ToWire();
        payload["to"] = to.State.ToWire();
        return ledger.TransitionAsync(id, from, to.State, ChangeJson.Serialize(to), to.State.ToWire(), payload, cancellationToken);
    }
}
