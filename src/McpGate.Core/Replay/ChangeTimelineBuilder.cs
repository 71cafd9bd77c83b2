using System.Text.Json;
using McpGate.Core.Approvals;
using McpGate.Core.Audit;
using McpGate.Core.Changes;
using McpGate.Core.Crypto;
using McpGate.Core.Engine;
using McpGate.Core.Ledger;
using McpGate.Core.Policy;
using McpGate.Core.Proofs;
using McpGate.Core.Text;

namespace McpGate.Core.Replay;

/// <summary>
/// Builds a <see cref="ChangeTimeline"/> from a change's ledger entries. Signed decisions are
/// checked with <see cref="ApprovalTally"/> and <see cref="ApprovalVerifier"/> against the
/// approvers of <paramref name="policy"/> and the change's proof, tightened by that policy's
/// decision now, as the engine counts them; the proof with the gate's public key.
/// </summary>
/// <param name="policy">The policy whose approvers' signatures count (the gate's).</param>
/// <param name="gateKey">The gate's public key; null when it is not available (the proof is then shown unverified).</param>
/// <param name="time">The clock the current policy decision is taken at.</param>
public sealed partial class ChangeTimelineBuilder(PolicySet policy, Ed25519PublicKey? gateKey, TimeProvider time)
{
    private readonly IReadOnlyList<TrustedApprover> _approvers = TrustedApprovers.FromPolicy(policy ?? throw new ArgumentNullException(nameof(policy)));
    private readonly PolicyEvaluator _evaluator = new(policy);
    private readonly TimeProvider _time = time ?? throw new ArgumentNullException(nameof(time));

    /// <summary>The timeline of <paramref name="changeId"/>, or null when the ledger has no such change.</summary>
    /// <exception cref="LedgerCorruptException">The change row's state is not a change state.</exception>
    public async Task<ChangeTimeline?> BuildAsync(ChangeLedger ledger, string changeId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentException.ThrowIfNullOrWhiteSpace(changeId);
        if (await ledger.ReadChangeWithEntriesAsync(changeId, cancellationToken).ConfigureAwait(false) is not var (stored, read))
        {
            return null;
        }

        var entries = read.Select(TimelinePayload.Of).ToList();
        ChangeDocument? document = null;
        string? damage = null;
        try
        {
            document = ChangeJson.Deserialize(stored.DocumentJson);
        }
        catch (JsonException ex)
        {
            damage = $"the change document cannot be read ({ex.Message})";
        }

        var proposed = entries.FirstOrDefault(e => e.Event == ChangeState.Proposed.ToWire());
        var proven = entries.LastOrDefault(e => e.Event == ChangeState.Proven.ToWire());
        var (claims, digest, proof) = CheckProof(document, proven, damage);
        var rules = claims is null ? null : ApprovalRules.From(claims, digest, CurrentPolicy.Evaluate(_evaluator, claims, _time.GetUtcNow()));
        var state = LedgerState(entries);

        return new ChangeTimeline
        {
            ChangeId = stored.ChangeId,
            State = state,
            RowState = stored.State,
            RowDisagrees = RowDisagreement(stored.State, state, entries, damage) ?? ReplayDisagreement(stored, read),
            Summary = document?.Summary,
            Tool = proposed?.String("tool") ?? document?.Tool,
            Requester = proposed?.String("requester") ?? document?.Requester,
            Reason = claims?.Reason ?? document?.Reason,
            Arguments = proposed?.ObjectCopy("arguments"),
            Cluster = proposed?.String("cluster") ?? document?.Cluster,
            Target = claims?.Target ?? document?.Target,
            Proof = proof,
            Policy = PolicyOf(entries, claims, document),
            Requests = claims?.Request.Steps ?? document?.Request?.Steps ?? [],
            Diff = claims?.Diff ?? document?.Diff ?? [],
            Approvals = [.. entries.Where(e => e.Event == LedgerEvents.ApprovalSubmitted).Select(e => Vote(e, rules, claims is null ? proof.Failure : null))],
            Comments = [.. entries.Where(e => e.Event == LedgerEvents.Commented).Select(e => Comment(e, stored.ChangeId, claims is null ? null : digest, proof.Failure))],
            Waiting = [.. entries.Where(e => e.Event == ChangeState.Waiting.ToWire()).Select(Wait)],
            Cancellation = entries.LastOrDefault(e => e.Event == ChangeState.Cancelled.ToWire()) is { } cancel
                ? Cancel(cancel, stored.ChangeId, proof.Digest, claims is null ? proof.Failure : null)
                : null,
            Execution = Execution(entries),
            Verification = Verification(entries),
            ClaimsTakenOver = [.. entries.Where(e => e.Event == LedgerEvents.ClaimTakenOver).Select(e => new TimelineTakeover
            {
                Sequence = e.Entry.Sequence,
                At = e.Entry.Time,
                Claim = e.ObjectCopy("claim"),
                TakenOver = e.ObjectCopy("takenOver"),
            })],
            Outcome = document?.Outcome,
            RollbackOf = document?.RollbackOf,
            RollbackChangeId = document?.RollbackChangeId,
            Steps = Steps(entries),
            DurationMs = entries.Count == 0 ? null : Milliseconds(entries[^1].Entry.Time - entries[0].Entry.Time),
        };
    }

    /// <summary>
    /// The stored proof checked with the gate key (<see cref="ProofCheck"/>), and against the digest
    /// the <c>proven</c> entry binds: a row whose proof was swapped for another valid one is caught here.
    /// </summary>
    private (ProofClaims? Claims, Sha256Digest Digest, TimelineProof Proof) CheckProof(ChangeDocument? document, TimelinePayload? proven, string? damage)
    {
        var bound = proven?.String("proofDigest");
        string? failure;
        ProofClaims? claims = null;
        Sha256Digest digest = default;
        if (document is null)
        {
            failure = damage;
        }
        else if (gateKey is null)
        {
            failure = "no gate public key to check it with";
        }
        else
        {
            (claims, digest, failure) = ProofCheck.Verify(document, gateKey);
            if (claims is not null && bound is null)
            {
                (claims, failure) = (null, "the ledger has no 'proven' entry binding this proof");
            }
            else if (claims is not null && !string.Equals(digest.ToString(), bound, StringComparison.Ordinal))
            {
                (claims, failure) = (null, $"the changes row holds proof {digest}, but the ledger's 'proven' entry (entry {proven!.Entry.Sequence}) names {bound}");
            }
        }

        return (claims, digest, new TimelineProof
        {
            Digest = bound ?? document?.ProofDigest,
            ObservedDigest = proven?.String("observedDigest"),
            ObservedResourceVersion = claims is null ? document?.ObservedResourceVersion : claims.ObservedResourceVersion,
            ReleaseScore = proven?.Integer("releaseScore"),
            Verified = claims is not null,
            Failure = failure,
            ExpiresAt = claims?.ExpiresAt ?? document?.ExpiresAt,
            Checks = claims?.Checks ?? document?.Checks ?? [],
        });
    }

    /// <summary>The last transition entry (one whose payload names a <c>to</c>), or the <c>proposed</c> entry before any.</summary>
    private static TimelinePayload? LastTransition(List<TimelinePayload> entries) =>
        entries.LastOrDefault(e => e.String("to") is not null) ?? entries.FirstOrDefault(e => e.Event == ChangeState.Proposed.ToWire());

    /// <summary>The state the last transition entry leads to, spelled exactly; null when it names none.</summary>
    private static ChangeState? LedgerState(List<TimelinePayload> entries) => LastTransition(entries) switch
    {
        null => null,
        { } last when last.String("to") is { } to => ChangeStates.FromWire(to),
        _ => ChangeState.Proposed,
    };

    private static string? RowDisagreement(ChangeState row, ChangeState? ledger, List<TimelinePayload> entries, string? damage)
    {
        if (LastTransition(entries) is not { } last)
        {
            return entries.Count == 0 ? "the ledger has no entries for this change" : "the ledger has no transition entry for this change";
        }

        if (ledger != row)
        {
            var to = ledger?.ToWire() ?? $"{UntrustedText.Quote(last.String("to"))}, which is not a change state";
            return $"the changes row says {row.ToWire()}, but the ledger's last transition (entry {last.Entry.Sequence}) leads to {to}";
        }

        return damage;
    }

    /// <summary>
    /// What <c>ledger verify</c> finds wrong with this change (its state machine, signed approvals, and the
    /// row against its entries: <see cref="ChangeHistoryVerifier"/>); null when nothing, or without the gate key.
    /// </summary>
    private string? ReplayDisagreement(StoredChange stored, IReadOnlyList<LedgerEntry> entries) =>
        gateKey is null || entries.Count == 0 ? null : new ChangeHistoryVerifier(gateKey, _approvers).Disagreement(new ChangeHistory
        {
            ChangeId = stored.ChangeId,
            Entries = entries,
            RowState = stored.State.ToWire(),
            RowDocument = stored.DocumentJson,
        });

    private static PolicyRecord? PolicyOf(List<TimelinePayload> entries, ProofClaims? claims, ChangeDocument? document)
    {
        var decided = entries.LastOrDefault(e => e.Event == ChangeState.PendingApproval.ToWire() && e.String("from") == ChangeState.Proven.ToWire()
            || e.Event == ChangeState.Denied.ToWire());
        if (decided is null)
        {
            return null;
        }

        return new PolicyRecord
        {
            Allowed = decided.Event == ChangeState.PendingApproval.ToWire(),
            Rule = decided.String("rule") ?? "(not recorded)",
            DecisionReason = DecisionReasons.FromWire(decided.String("decisionReason")),
            Reason = decided.String("reason") ?? "(not recorded)",
            RequiredApprovals = claims?.RequiredApprovals ?? document?.Policy?.RequiredApprovals ?? 0,
            ApproverGroups = claims?.ApproverGroups ?? document?.Policy?.ApproverGroups ?? [],
        };
    }

    private static WaitRecord Wait(TimelinePayload entry) => new()
    {
        Rule = entry.String("rule") ?? "(not recorded)",
        Reason = entry.String("reason") ?? "(not recorded)",
        Until = entry.Time("until"),
        ExpiresAt = entry.Time("expiresAt"),
        Since = entry.Entry.Time,
    };

    private static TimelineExecution? Execution(List<TimelinePayload> entries)
    {
        var executing = entries.LastOrDefault(e => e.Event == ChangeState.Executing.ToWire() && e.String("to") == ChangeState.Executing.ToWire());
        var executed = entries.LastOrDefault(e => e.Event == ChangeState.Executed.ToWire());
        return executing is null && executed is null ? null : new TimelineExecution
        {
            StartedAt = executing?.Entry.Time,
            Claim = executing?.ObjectCopy("claim"),
            ExecutedAt = executed?.Entry.Time,
            ResultResourceVersion = executed?.String("resourceVersion"),
            Reconciled = executed?.Flag("reconciled") ?? false,
        };
    }

    private static TimelineVerification? Verification(List<TimelinePayload> entries) =>
        entries.LastOrDefault(e => e.Event == ChangeState.Verified.ToWire() || e.Event == ChangeState.VerificationFailed.ToWire()) is { } verdict
            ? new TimelineVerification
            {
                Result = verdict.Event,
                At = verdict.Entry.Time,
                Expect = verdict.String("expect"),
                Detail = verdict.String("detail"),
                Confidence = verdict.String("confidence"),
                Evidence = verdict.ArrayCopy("evidence"),
                TimedOut = verdict.String("timedOut"),
                Reason = verdict.String("reason"),
                RollbackChangeId = verdict.String("rollbackChangeId"),
            }
            : null;

    private static List<TimelineStep> Steps(List<TimelinePayload> entries)
    {
        var steps = new List<TimelineStep>(entries.Count);
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            steps.Add(new TimelineStep
            {
                Sequence = entry.Entry.Sequence,
                Event = entry.Event,
                At = entry.Entry.Time,
                From = entry.String("from"),
                To = entry.String("to"),
                AfterPreviousMs = i == 0 ? null : Milliseconds(entry.Entry.Time - entries[i - 1].Entry.Time),
                SinceStartMs = Milliseconds(entry.Entry.Time - entries[0].Entry.Time),
                Payload = entry.Shown(),
                EntryHash = entry.Entry.EntryHash.ToString(),
            });
        }

        return steps;
    }

    private static long Milliseconds(TimeSpan span) => (long)span.TotalMilliseconds;
}
