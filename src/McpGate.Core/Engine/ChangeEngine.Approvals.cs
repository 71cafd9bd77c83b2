using System.Text.Json.Nodes;
using McpGate.Core.Approvals;
using McpGate.Core.Changes;
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

        foreach (var refused in tally.Refused.Where(r => _reportedRefusals.TryAdd($"{change.Id}\n{r}", 0)))
        {
            Log.ApprovalNotCounted(_logger, change.Id, refused);
        }

        if (!tally.QuorumMet)
        {
            if (!tally.Accepted.Select(a => a.Identity).SequenceEqual(change.Approvals.Select(a => a.Identity), StringComparer.Ordinal))
            {
                // Show approvals short of the quorum too (the state stays pending_approval).
                await TryTransitionAsync(change, ChangeState.PendingApproval, ChangeState.PendingApproval,
                    c => c with { Approvals = tally.Accepted },
                    new JsonObject { ["counted"] = new JsonArray([.. tally.Accepted.Select(a => (JsonNode)a.Identity)]), ["required"] = tally.Required },
                    cancellationToken, LedgerEvents.ApprovalsCounted).ConfigureAwait(false);
            }

            return;
        }

        var approved = await TryTransitionAsync(change, ChangeState.PendingApproval, ChangeState.Approved,
            c => c with { Approvals = tally.Accepted },
            new JsonObject
            {
                ["approvers"] = new JsonArray([.. tally.Accepted.Select(a => (JsonNode)a.Identity)]),
                // The keys and groups the policy gave the counted approvers now, so that the history can be
                // checked later against the policy in force then, whatever the policy says by that time.
                ["approverKeys"] = new JsonArray([.. tally.Accepted.Select(a => _approvers.First(t => t.Identity == a.Identity)).Select(t => (JsonNode)new JsonObject
                {
                    ["identity"] = t.Identity,
                    ["publicKey"] = t.PublicKey.ToString(),
                    ["groups"] = new JsonArray([.. t.Groups.Select(g => (JsonNode)g)]),
                })]),
            },
            cancellationToken).ConfigureAwait(false);
        if (approved is not null && await ReadyToExecuteAsync(approved, cancellationToken).ConfigureAwait(false))
        {
            StartWork(approved.Id, ChangeState.Approved);
        }
    }

    /// <summary>
    /// An approved change waits while a freeze window covers it: it moves to <c>waiting</c>, with
    /// the window and the time the freeze ends (the tool result, the CLI and the ledger show
    /// them), and runs when the window ends if its proof has not expired by then; it fails once
    /// its proof expired. A waiting change held by another window is recorded again.
    /// </summary>
    private async Task<bool> ReadyToExecuteAsync(ChangeDocument change, CancellationToken cancellationToken)
    {
        var state = change.State;
        var (claims, _, _) = ProofCheck.Verify(change, _gateKey.PublicKey);
        if (claims is null)
        {
            return true; // ExecuteAsync records why it cannot run.
        }

        var now = _time.GetUtcNow();
        if (claims.ExpiresAt <= now)
        {
            await TryTransitionAsync(change, state, ChangeState.Failed,
                c => c with { Outcome = $"not executed: the proof expired at {claims.ExpiresAt:O} before the change could run; propose it again" },
                new JsonObject { ["reason"] = "expired" }, cancellationToken).ConfigureAwait(false);
            return false;
        }

        var decision = EvaluateNow(claims);
        if (decision.DecisionReason != DecisionReason.Frozen)
        {
            return true;
        }

        if (state != ChangeState.Waiting || change.Waiting?.Rule != decision.RuleName)
        {
            var until = FreezeSchedule.FrozenUntil(_policy.FreezeWindows, now, claims.Target.Namespace);
            var wait = new WaitRecord
            {
                Rule = decision.RuleName,
                Reason = WaitReason(decision.RuleName, until, claims.ExpiresAt),
                Until = until,
                ExpiresAt = claims.ExpiresAt,
                Since = change.Waiting?.Since ?? now,
            };
            var payload = new JsonObject { ["rule"] = wait.Rule, ["reason"] = wait.Reason, ["expiresAt"] = claims.ExpiresAt.ToString("O") };
            if (until is { } end)
            {
                payload["until"] = end.ToString("O");
            }

            if (await TryTransitionAsync(change, state, ChangeState.Waiting, c => c with { Waiting = wait }, payload, cancellationToken).ConfigureAwait(false) is not null)
            {
                Log.WaitingForFreeze(_logger, change.Id, decision.RuleName, until);
            }
        }

        return false;
    }

    /// <summary>The waiting change's reason, e.g. <c>waiting for freeze:weekend to end at ...; it may run then</c>.</summary>
    internal static string WaitReason(string rule, DateTimeOffset? until, DateTimeOffset expiresAt) => until switch
    {
        null => $"waiting for {rule} to end (no end within a year); the proof expires at {expiresAt:O} and the change will fail then",
        { } end when end >= expiresAt => $"waiting for {rule} to end at {end:O}, but the proof expires first, at {expiresAt:O}: the change will fail unless the freeze is lifted before then",
        { } end => $"waiting for {rule} to end at {end:O}; it may run then (the proof expires at {expiresAt:O})",
    };

    /// <summary>A proposal interrupted mid-way (the server stopped) is closed so it never lingers.</summary>
    private async Task CloseAbandonedAsync(ChangeDocument change, ChangeState state, CancellationToken cancellationToken)
    {
        if (_time.GetUtcNow() - change.UpdatedAt.GetValueOrDefault(change.CreatedAt) < s_abandonedAfter)
        {
            return;
        }

        await TryTransitionAsync(change, state, ChangeState.Failed,
            c => c with { Outcome = "interrupted while being proposed; nothing was changed; propose it again" },
            new JsonObject(), cancellationToken, LedgerEvents.Abandoned).ConfigureAwait(false);
    }

    /// <summary>The policy's decision on this change now (freeze windows and tightened rules apply).</summary>
    private PolicyDecision EvaluateNow(ProofClaims claims) => CurrentPolicy.Evaluate(_evaluator, claims, _time.GetUtcNow());
}
