using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using McpGate.Core.Changes;
using McpGate.Core.Checks;
using McpGate.Core.Cluster;
using McpGate.Core.Crypto;
using McpGate.Core.Diff;
using McpGate.Core.Json;
using McpGate.Core.Manifests;
using McpGate.Core.Operations;
using McpGate.Core.Policy;
using McpGate.Core.Proofs;

namespace McpGate.Core.Engine;

public sealed partial class ChangeEngine
{
    /// <summary>
    /// Proposes a write: snapshots the target, dry-runs the change on the server, checks for
    /// drift, evaluates policy, signs the proof and records the request as pending approval
    /// (or denied). Never writes to the cluster.
    /// </summary>
    /// <exception cref="ProposalException">The change cannot be proposed; nothing was recorded.</exception>
    public async Task<ChangeDocument> ProposeAsync(
        ToolManifest tool,
        BoundArguments arguments,
        string requester,
        CancellationToken cancellationToken = default) =>
        (await ProposeOnceAsync(tool, arguments, requester, cancellationToken).ConfigureAwait(false)).Change;

    /// <summary>
    /// <see cref="ProposeAsync"/>, idempotent: when the same requester already has an identical
    /// pending change (same tool, canonical arguments, cluster and observed resourceVersion), that
    /// change is returned and nothing is recorded. An agent that lost the reply (the gate died after
    /// the commit) can propose again without creating a second change.
    /// </summary>
    /// <exception cref="ProposalException">The change cannot be proposed; nothing was recorded.</exception>
    /// <exception cref="NothingToChangeException">The cluster already is as asked; nothing was recorded.</exception>
    /// <exception cref="Ledger.LedgerStorageException">The ledger cannot be written; nothing was recorded.</exception>
    public Task<ProposalResult> ProposeOnceAsync(
        ToolManifest tool,
        BoundArguments arguments,
        string requester,
        CancellationToken cancellationToken = default) =>
        ProposeOnceAsync(tool, arguments, requester, requesterToken: null, cancellationToken);

    /// <summary>
    /// <see cref="ProposeOnceAsync(ToolManifest, BoundArguments, string, CancellationToken)"/> for a
    /// requester who authenticated with a bearer token: the <c>proposed</c> entry also records
    /// <paramref name="requesterToken"/>, the token's SHA-256 prefix (never the token), so an auditor
    /// can tell which of an identity's tokens asked.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="requesterToken"/> is not 12 lower-case hex characters.</exception>
    public async Task<ProposalResult> ProposeOnceAsync(
        ToolManifest tool,
        BoundArguments arguments,
        string requester,
        string? requesterToken,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tool);
        if (requesterToken is not null && !IsTokenHashPrefix(requesterToken))
        {
            throw new ArgumentException("a requester token is recorded as the 12 lower-case hex characters that start its SHA-256", nameof(requesterToken));
        }

        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentException.ThrowIfNullOrWhiteSpace(requester);
        if (tool.Access != ToolAccess.Write)
        {
            throw new ArgumentException($"{tool.Name} is a read tool; reads do not go through the engine.", nameof(tool));
        }

        RequirePlainText(arguments, tool.Operation.Body);
        var now = _time.GetUtcNow();
        var operation = OperationResolver.Resolve(tool, arguments, now);
        var identity = await _cluster.GetIdentityAsync(cancellationToken).ConfigureAwait(false);
        var strategy = WriteStrategies.For(tool.Operation.Action);
        var plan = await strategy.PlanAsync(new WriteContext { Tool = tool, Arguments = arguments, Operation = operation, Cluster = _cluster }, cancellationToken).ConfigureAwait(false);
        return await ProvePlanAsync(tool, arguments, requester, identity, plan, strategy, rollbackOf: null, cancellationToken, requesterToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The part of a proposal after planning, shared by agents' proposals and the engine's
    /// rollbacks: dry-run every step, check drift, evaluate policy and the tool's checks, sign the
    /// proof and record the change as pending approval (or denied).
    /// </summary>
    private async Task<ProposalResult> ProvePlanAsync(
        ToolManifest tool,
        BoundArguments arguments,
        string requester,
        ClusterIdentity identity,
        WritePlan plan,
        IWriteStrategy strategy,
        string? rollbackOf,
        CancellationToken cancellationToken,
        string? requesterToken = null)
    {
        if (plan.Steps.Count == 0)
        {
            throw new ProposalException("the change sends nothing to the cluster; there is nothing to approve.");
        }

        var dryRuns = new List<JsonObject?>();
        foreach (var planned in plan.Steps)
        {
            try
            {
                dryRuns.Add(await DryRunAsync(planned.Step, cancellationToken).ConfigureAwait(false));
            }
            catch (ProposalException ex) when (plan.Steps.Count > 1)
            {
                throw new ProposalException($"step {dryRuns.Count + 1} of {plan.Steps.Count} ({planned.Step}): {ex.Message}; nothing was applied", ex);
            }
        }

        // A patch or apply the API server accepts without changing a field: the cluster already is as
        // asked. Say so at once instead of asking a human to approve nothing (deletes, evictions and
        // creates always change something).
        if (plan.Steps.All(p => p.Step.Verb is WriteVerb.Patch or WriteVerb.Apply && p.Observed is not null)
            && plan.Steps.Select((p, i) => WriteSteps.Diff(p.Step, p.Observed, dryRuns[i])).All(d => d.Count == 0))
        {
            throw new NothingToChangeException(plan.Steps.Count == 1
                ? $"{plan.Steps[0].Step.Target.Resource} {plan.Steps[0].Step.Target} already is as asked: the API server's dry run changes no field. Nothing was recorded and no approval is needed."
                : $"every target already is as asked ({plan.Steps.Count} objects): the API server's dry runs change no field. Nothing was recorded and no approval is needed.");
        }

        var drift = new List<string>();
        foreach (var planned in plan.Steps)
        {
            var current = await _cluster.GetAsync(planned.Step.Target.ToResourceRef(), cancellationToken).ConfigureAwait(false);
            if (planned.Step.Precondition.Violation(current) is { } violation)
            {
                drift.Add($"{planned.Step.Target}: {violation}");
            }
        }

        var inverse = rollbackOf is null
            ? strategy.Inverse(plan, dryRuns)
            : WriteInverse.None($"it is the rollback of {rollbackOf}; a rollback is not itself rolled back (propose any further change yourself)");
        var request = new WriteRequest
        {
            Action = plan.Action,
            Steps = [.. plan.Steps.Select(p => p.Step)],
            Inverse = inverse.Steps,
            NoInverseReason = inverse.NoneBecause,
        };

        var primary = plan.Steps[0];
        var target = primary.Step.Target.ToResourceRef();
        var observed = primary.Observed;
        var observedVersion = observed is null ? null : ResourceVersionOf(observed);
        var now = _time.GetUtcNow();
        var decision = _evaluator.Evaluate(new PolicyRequest
        {
            Tool = tool.Name,
            Access = tool.Access,
            Namespace = target.Namespace,
            Cluster = _cluster.ClusterName,
            Requester = requester,
            Arguments = arguments.Values,
            Time = now,
        });
        var policy = new PolicyRecord
        {
            Allowed = decision.Allowed,
            Rule = decision.RuleName,
            DecisionReason = decision.DecisionReason,
            Reason = decision.Reason,
            RequiredApprovals = decision.Approval?.Count ?? 0,
            ApproverGroups = decision.Approval?.Groups ?? [],
        };

        var diff = PlanDiff(plan, dryRuns);
        var observedEvidence = ObservedEvidence(plan);
        var checks = new List<CheckRecord>
        {
            TargetCheck(plan, observedEvidence),
            new()
            {
                Name = "dry_run_accepted",
                Status = CheckStatus.Pass,
                Detail = $"the API server accepted the change in a dry run ({diff.Count} field(s) change)",
                EvidenceDigest = Sha256Digest.Compute(CanonicalJson.Serialize(DryRunEvidence(dryRuns))).ToString(),
            },
            drift.Count == 0
                ? new() { Name = "no_drift", Status = CheckStatus.Pass, Detail = plan.Steps.Count == 1 && observedVersion is not null ? $"resourceVersion {observedVersion} unchanged while proving" : "every target unchanged while proving" }
                : new() { Name = "no_drift", Status = CheckStatus.Fail, Detail = plan.Steps.Count == 1 && observedVersion is not null ? $"the target changed while proving ({drift[0][(drift[0].IndexOf(": ", StringComparison.Ordinal) + 2)..]})" : $"targets changed while proving: {string.Join("; ", drift)}" },
            ConstraintCheck(decision),
        };
        checks.AddRange(await CheckRunner.RunAsync(tool.Checks, new CheckContext
        {
            Tool = tool, Arguments = arguments, Target = target, Observed = observed, DryRun = dryRuns[0] ?? new JsonObject(), Cluster = _cluster.Reader,
        }, _logger, cancellationToken).ConfigureAwait(false));

        var id = ChangeId.New().Value;
        var change = new ChangeDocument
        {
            Id = id,
            Tool = tool.Name,
            State = ChangeState.Proposed,
            Requester = requester,
            Reason = arguments.GetString("reason") ?? string.Empty,
            Cluster = _cluster.ClusterName,
            ClusterIdentity = identity,
            Target = ChangeTarget.From(target),
            Arguments = arguments.ToJson(),
            Patch = primary.Step.Body as JsonObject is { } body ? (JsonObject)body.DeepClone() : new JsonObject(),
            Request = request,
            RollbackOf = rollbackOf,
            Summary = ChangeSummary.Of(target.ToString(), diff),
            CreatedAt = now,
            UpdatedAt = now,
            ObservedResourceVersion = observedVersion,
            Verify = tool.Verify is null ? null : new VerifyRecord { Expect = tool.Verify.Expect, TimeoutSeconds = tool.Verify.Timeout.TotalSeconds },
            Diff = diff,
        };

        var argumentsKey = CanonicalJson.ToCanonicalString(change.Arguments);
        var proposedEntry = new JsonObject
        {
            ["tool"] = tool.Name,
            ["requester"] = requester,
            ["arguments"] = change.Arguments.DeepClone(),
            ["cluster"] = change.Cluster,
            ["clusterId"] = identity.Id,
            ["rollbackOf"] = rollbackOf,
        };
        if (requesterToken is not null)
        {
            proposedEntry["requesterToken"] = "sha256:" + requesterToken;
        }

        var existing = await _ledger.CreateChangeUnlessAsync(id, change.State, ChangeJson.Serialize(change), change.State.ToWire(), proposedEntry, s_pendingStates, stored => IsSameProposal(stored, change, argumentsKey), cancellationToken).ConfigureAwait(false);
        if (existing is not null)
        {
            Log.ProposalRepeated(_logger, existing.ChangeId, requester);
            return new ProposalResult { Change = await SettledAsync(existing, cancellationToken).ConfigureAwait(false), AlreadyPending = true };
        }

        var expiresAt = now + decision.ApprovalExpiry;
        var proof = ProofBuilder.Build(new ProofInput
        {
            Change = change,
            Observed = observedEvidence,
            DryRunResult = DryRunEvidence(dryRuns),
            Checks = checks,
            Policy = policy,
            IssuedAt = now,
            ExpiresAt = expiresAt,
        }, _gateKey);

        var proven = await TryTransitionAsync(change, ChangeState.Proposed, ChangeState.Proven, c => c with
        {
            ObservedResourceVersion = observedVersion,
            ProofDigest = proof.Digest.ToString(),
            ProofEnvelope = proof.Envelope.ToJson(),
            Checks = checks,
            Policy = policy,
            ExpiresAt = expiresAt,
        }, new JsonObject
        {
            ["proofDigest"] = proof.Digest.ToString(),
            ["observedDigest"] = proof.ObservedDigest.ToString(),
            ["releaseScore"] = proof.ReleaseScore,
        }, cancellationToken).ConfigureAwait(false) ?? throw new InvalidOperationException($"change {id} was moved by another process while being proven");

        var failed = checks.FirstOrDefault(c => c.Failed);
        var allowed = decision.Allowed && failed is null;
        var outcome = !decision.Allowed ? $"denied by {decision.RuleName}: {decision.Reason}"
            : failed is not null ? $"check {failed.Name} failed: {failed.Detail}"
            : null;
        var final = await TryTransitionAsync(proven, ChangeState.Proven, allowed ? ChangeState.PendingApproval : ChangeState.Denied,
            c => c with { Outcome = outcome },
            new JsonObject { ["rule"] = decision.RuleName, ["decisionReason"] = decision.DecisionReason.ToWire(), ["reason"] = outcome ?? decision.Reason },
            cancellationToken).ConfigureAwait(false) ?? throw new InvalidOperationException($"change {id} was moved by another process while being decided");

        var finalState = final.State.ToWire();
        Log.Proposed(_logger, id, requester, final.Summary, finalState);
        return new ProposalResult { Change = final };
    }

    private static bool IsTokenHashPrefix(string value) =>
        value.Length == 12 && value.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));

    /// <summary>Longest reason accepted: it is signed into the proof and shown to approvers.</summary>
    public const int MaxReasonLength = 1000;

    /// <summary>
    /// Text from the agent ends up in proofs, the ledger and an approver's terminal: no control
    /// or invisible formatting characters (they could disguise what is being approved). A body
    /// parameter (YAML or JSON) may hold line breaks and tabs, nothing else of the kind.
    /// </summary>
    private static void RequirePlainText(BoundArguments arguments, string? body)
    {
        foreach (var (name, value) in arguments.Values)
        {
            if (value is string text && text.EnumerateRunes().Any(r => Rune.GetUnicodeCategory(r) is UnicodeCategory.Control or UnicodeCategory.Format
                && !(name == body && r.Value is '\n' or '\r' or '\t')))
            {
                throw new ProposalException($"{name}: must not contain control or invisible formatting characters.");
            }
        }

        if (arguments.GetString("reason") is { Length: > MaxReasonLength } reason)
        {
            throw new ProposalException($"reason: must be at most {MaxReasonLength} characters (got {reason.Length}).");
        }
    }

    private async Task<JsonObject?> DryRunAsync(WriteStep step, CancellationToken cancellationToken)
    {
        try
        {
            return await WriteSteps.DryRunAsync(_cluster, step, cancellationToken).ConfigureAwait(false);
        }
        catch (ClusterException ex) when (ex.Kind is ClusterErrorKind.Invalid or ClusterErrorKind.Forbidden or ClusterErrorKind.Conflict
            or ClusterErrorKind.NotFound or ClusterErrorKind.AlreadyExists or ClusterErrorKind.DisruptionBudget)
        {
            throw new ProposalException($"the cluster refused the change in a dry run ({ex.Kind}): {ex.Message}", ex);
        }
    }

    private static string ResourceVersionOf(JsonObject obj) =>
        obj["metadata"]?["resourceVersion"]?.GetValue<string>()
        ?? throw new ProposalException("the cluster returned an object without metadata.resourceVersion; it cannot be changed safely.");

    private static CheckRecord ConstraintCheck(PolicyDecision decision)
    {
        var failed = decision.Constraints.Where(c => !c.Passed).ToList();
        var detail = decision.Constraints.Count == 0
            ? "no argument constraints apply"
            : string.Join("; ", decision.Constraints.Select(c => c.Detail));
        return new CheckRecord
        {
            Name = "policy_constraints",
            Status = failed.Count == 0 ? CheckStatus.Pass : CheckStatus.Fail,
            Detail = detail,
        };
    }

}
