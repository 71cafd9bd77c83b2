using System.Text.Json;
using System.Text.Json.Nodes;
using McpGate.Core.Approvals;
using McpGate.Core.Changes;
using McpGate.Core.Comments;
using McpGate.Core.Crypto;
using McpGate.Core.Ledger;
using McpGate.Core.Policy;
using McpGate.Core.Proofs;

namespace McpGate.Server.Approvals;

/// <summary>
/// A change as an approver reviews it: the stored document (summary, diff, checks, policy
/// decision, proof envelope and digest), whether its proof verifies with the gate key, the
/// signed release score, where it stands against the quorum counted as the engine counts, and the
/// approvers' comments.
/// </summary>
internal sealed class ApprovalsChangeView(ChangeLedger ledger, PolicySet policy, Ed25519PublicKey gateKey, TimeProvider time)
{
    private readonly PolicyEvaluator _evaluator = new(policy);
    private readonly IReadOnlyList<TrustedApprover> _approvers = TrustedApprovers.FromPolicy(policy);

    public Ed25519PublicKey GateKey => gateKey;

    /// <summary>The policy's approvers (identity, groups, public key): public facts a client matches its own key against.</summary>
    public JsonArray Approvers() =>
        [.. _approvers.Select(a => (JsonNode)new JsonObject
        {
            ["identity"] = a.Identity,
            ["groups"] = new JsonArray([.. a.Groups.Select(g => (JsonNode)JsonValue.Create(g)!)]),
            ["publicKey"] = a.PublicKey.ToString(),
        })];

    /// <summary>The changes in <paramref name="state"/> (all when null), newest first, each without its proof envelope, pending ones with their quorum; damaged rows are named, not skipped.</summary>
    public async Task<JsonArray> ListAsync(ChangeState? state, CancellationToken cancellationToken)
    {
        var rows = new JsonArray();
        foreach (var stored in await ledger.ListChangesAsync(state, cancellationToken).ConfigureAwait(false))
        {
            ChangeDocument change;
            try
            {
                change = ChangeJson.Deserialize(stored.DocumentJson);
            }
            catch (JsonException ex)
            {
                rows.Add((JsonNode)new JsonObject { ["id"] = stored.ChangeId, ["state"] = stored.State.ToWire(), ["damaged"] = ex.Message });
                continue;
            }

            var node = ChangeJson.ToNode(change with { ProofEnvelope = null });
            if (change.State == ChangeState.PendingApproval)
            {
                node["quorum"] = (await QuorumAsync(change, cancellationToken).ConfigureAwait(false)).Quorum;
            }

            rows.Add((JsonNode)node);
        }

        return rows;
    }

    /// <summary>One change in full, or null when the ledger has no such change.</summary>
    public async Task<JsonObject?> ShowAsync(string changeId, CancellationToken cancellationToken)
    {
        var stored = await ledger.GetChangeAsync(changeId, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            return null;
        }

        ChangeDocument change;
        try
        {
            change = ChangeJson.Deserialize(stored.DocumentJson);
        }
        catch (JsonException ex)
        {
            return new JsonObject { ["id"] = stored.ChangeId, ["state"] = stored.State.ToWire(), ["damaged"] = ex.Message };
        }

        var node = ChangeJson.ToNode(change);
        var (quorum, failure) = await QuorumAsync(change, cancellationToken).ConfigureAwait(false);
        var proof = change.ProofEnvelope is null ? null : ProofVerifier.Verify(change.ProofEnvelope, gateKey, requireSignature: true);
        node["proofVerified"] = failure is null;
        node["proofFailure"] = failure;
        node["releaseScore"] = proof?.Statement?["predicate"]?["releaseScore"]?.DeepClone();
        node["quorum"] = quorum;
        node["gatePublicKey"] = gateKey.ToString();
        node["approvers"] = Approvers();
        node["comments"] = ApprovalsEndpoints.CommentsJson(await ChangeComments.ReadAsync(ledger, change.Id, cancellationToken).ConfigureAwait(false));
        return node;
    }

    /// <summary>The tally as the engine would count it now; null with the reason when the proof does not verify.</summary>
    internal async Task<(JsonObject? Quorum, string? Failure)> QuorumAsync(ChangeDocument change, CancellationToken cancellationToken)
    {
        var (claims, digest, failure) = ProofCheck.Verify(change, gateKey);
        if (claims is null)
        {
            return (null, failure);
        }

        var rules = ApprovalRules.From(claims, digest, change.State == ChangeState.PendingApproval ? CurrentPolicy.Evaluate(_evaluator, claims, time.GetUtcNow()) : null);
        var tally = ApprovalTally.Count(rules, await SubmittedApprovals.ReadAsync(ledger, change.Id, cancellationToken).ConfigureAwait(false), _approvers);
        return (ApprovalQuorum.ToJson(rules, tally), null);
    }
}
