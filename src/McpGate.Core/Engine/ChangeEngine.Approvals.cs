using System.Text.Json.Nodes;
using McpGate.Core.Approvals;
using McpGate.Core.Changes;
using McpGate.Core.Manifests;
using McpGate.Core.Policy;
using McpGate.Core.Proofs;

namespace McpGate.Core.Engine;

public sealed partial class ChangeEngine
{
    /// <summary>
    /// Decides a pending change from what the ledger holds: the engine, not the approver's CLI,
    /// counts the submitted approvals, with its own policy, and moves the change on.
    /// </summary>
    private async Task SettlePendingAsync(ChangeDocument change, CancellationToken cancellationToken)
    {
        var (claims, digest, failure) = ProofCheck.Verify(change, _gateKey.PublicKey);
        if (claims is null)
        {
            await TryTransitionAsync(change, ChangeState.PendingApproval, ChangeState.Failed,
                c => c with { Outcome = $"not executed: {failure}" }, new JsonObject { ["reason"] = failure }, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (claims.ExpiresAt <= _time.GetUtcNow())
        {
            await TryTransitionAsync(change, ChangeState.PendingApproval, ChangeState.Expired,
                c => c with { Outcome = $"no approval before the proof expired at {claims.ExpiresAt:O}; propose the change again" },
                new JsonObject { ["expiredAt"] = claims.ExpiresAt.ToString("O") }, cancellationToken).ConfigureAwait(false);
            return;
        }

        var envelopes = await SubmittedApprovals.ReadAsync(_ledger, change.Id, cancellationToken).ConfigureAwait(false);
        if (envelopes.Count == 0)
        {
            return;
        }

        var tally = ApprovalTally.Count(ApprovalRules.From(claims, digest, EvaluateNow(claims)), envelopes, _approvers);
        if (tally.Rejection is { } rejection)
        {
            await TryTransitionAsync(change, ChangeState.PendingApproval, ChangeState.Rejected, c => c with
            {
                Approvals = [.. tally.Accepted, rejection],
                Outcome = $"rejected by {rejection.Identity}" + (rejection.Comment is null ? string.Empty : $": {rejection.Comment}"),
            }, new JsonObject { ["by"] = rejection.Identity }, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (!tally.QuorumMet)
        {
            return;
        }

        var approved = await TryTransitionAsync(change, ChangeState.PendingApproval, ChangeState.Approved,
            c => c with { Approvals = tally.Accepted },
            new JsonObject { ["approvers"] = new JsonArray([.. tally.Accepted.Select(a => (JsonNode)a.Identity)]) },
            cancellationToken).ConfigureAwait(false);
        if (approved is not null)
        {
            StartWork(approved.Id, ChangeState.Approved);
        }
    }

    /// <summary>The policy's decision on this change now (freeze windows and tightened rules apply).</summary>
    private PolicyDecision EvaluateNow(ProofClaims claims) => _evaluator.Evaluate(new PolicyRequest
    {
        Tool = claims.Tool,
        Access = ToolAccess.Write,
        Namespace = claims.Target.Namespace,
        Cluster = claims.Cluster,
        Requester = claims.Requester,
        Arguments = ArgumentValues(claims.Arguments),
        Time = _time.GetUtcNow(),
    });

    private static Dictionary<string, object?> ArgumentValues(JsonObject arguments)
    {
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (name, node) in arguments)
        {
            values[name] = node switch
            {
                JsonValue v when v.TryGetValue<long>(out var l) => l,
                JsonValue v when v.TryGetValue<double>(out var d) => d,
                JsonValue v when v.TryGetValue<bool>(out var b) => b,
                JsonValue v when v.TryGetValue<string>(out var s) => s,
                _ => node?.ToJsonString(),
            };
        }

        return values;
    }
}
