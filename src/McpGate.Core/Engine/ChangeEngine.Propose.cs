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
    /// <exception cref="Ledger.LedgerStorageException">The ledger cannot be written; nothing was recorded.</exception>
    public async Task<ProposalResult> ProposeOnceAsync(
        ToolManifest tool,
        BoundArguments arguments,
        string requester,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tool);
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentException.ThrowIfNullOrWhiteSpace(requester);
        if (tool.Access != ToolAccess.Write)
        {
            throw new ArgumentException($"{tool.Name} is a read tool; reads do not go through the engine.", nameof(tool));
        }

        RequirePlainText(arguments);
        var operation = OperationResolver.Resolve(tool, arguments);
        var identity = await _cluster.GetIdentityAsync(cancellationToken).ConfigureAwait(false);
        var target = operation.Target;
        var observed = await ReadTargetAsync(target, cancellationToken).ConfigureAwait(false);
        var observedVersion = ResourceVersionOf(observed);
        var dryRun = await DryRunAsync(target, operation.Patch, observedVersion, cancellationToken).ConfigureAwait(false);
        var after = await _cluster.GetAsync(target, cancellationToken).ConfigureAwait(false);
        var afterVersion = after is null ? null : ResourceVersionOf(after);

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
            Reason = decision.Reason,
            RequiredApprovals = decision.Approval?.Count ?? 0,
            ApproverGroups = decision.Approval?.Groups ?? [],
        };

        var diff = Diff(observed, dryRun);
        var checks = new List<CheckRecord>
        {
            new()
            {
                Name = "target_exists",
                Status = CheckStatus.Pass,
                Detail = $"{target.Resource} {target} exists at resourceVersion {observedVersion}",
                EvidenceDigest = Sha256Digest.Compute(CanonicalJson.Serialize(observed)).ToString(),
            },
            new()
            {
                Name = "dry_run_accepted",
                Status = CheckStatus.Pass,
                Detail = $"the API server accepted the change in a dry run ({diff.Count} field(s) change)",
                EvidenceDigest = Sha256Digest.Compute(CanonicalJson.Serialize(dryRun)).ToString(),
            },
            afterVersion == observedVersion
                ? new() { Name = "no_drift", Status = CheckStatus.Pass, Detail = $"resourceVersion {observedVersion} unchanged while proving" }
                : new() { Name = "no_drift", Status = CheckStatus.Fail, Detail = $"the target changed while proving (resourceVersion {observedVersion} -> {afterVersion ?? "deleted"})" },
            ConstraintCheck(decision),
        };
        checks.AddRange(await CheckRunner.RunAsync(tool.Checks, new CheckContext
        {
            Tool = tool, Arguments = arguments, Target = target, Observed = observed, DryRun = dryRun, Cluster = new ClusterReader(_cluster),
        }, _logger, cancellationToken).ConfigureAwait(false));

        var id = ChangeId.New().Value;
        var change = new ChangeDocument
        {
            Id = id,
            Tool = tool.Name,
            State = ChangeState.Proposed.ToWire(),
            Requester = requester,
            Reason = arguments.GetString("reason") ?? string.Empty,
            Cluster = _cluster.ClusterName,
            ClusterIdentity = identity,
            Target = ChangeTarget.From(target),
            Arguments = arguments.ToJson(),
            Patch = (JsonObject)operation.Patch.DeepClone(),
            Summary = ChangeSummary.Of(target.ToString(), diff),
            CreatedAt = now,
            UpdatedAt = now,
            ObservedResourceVersion = observedVersion,
            Verify = tool.Verify is null ? null : new VerifyRecord { Expect = tool.Verify.Expect, TimeoutSeconds = tool.Verify.Timeout.TotalSeconds },
            Diff = diff,
        };

        var argumentsKey = CanonicalJson.ToCanonicalString(change.Arguments);
        var existing = await _ledger.CreateChangeUnlessAsync(id, change.State, ChangeJson.Serialize(change), change.State, new JsonObject
        {
            ["tool"] = tool.Name,
            ["requester"] = requester,
            ["arguments"] = change.Arguments.DeepClone(),
            ["cluster"] = change.Cluster,
            ["clusterId"] = identity.Id,
        }, s_pendingStates, stored => IsSameProposal(stored, change, argumentsKey), cancellationToken).ConfigureAwait(false);
        if (existing is not null)
        {
            Log.ProposalRepeated(_logger, existing.ChangeId, requester);
            return new ProposalResult { Change = await SettledAsync(existing, cancellationToken).ConfigureAwait(false), AlreadyPending = true };
        }

        var expiresAt = now + decision.ApprovalExpiry;
        var proof = ProofBuilder.Build(new ProofInput
        {
            Change = change,
            Observed = observed,
            DryRunResult = dryRun,
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
            new JsonObject { ["rule"] = decision.RuleName, ["reason"] = outcome ?? decision.Reason },
            cancellationToken).ConfigureAwait(false) ?? throw new InvalidOperationException($"change {id} was moved by another process while being decided");

        Log.Proposed(_logger, id, requester, final.Summary, final.State);
        return new ProposalResult { Change = final };
    }

    /// <summary>Longest reason accepted: it is signed into the proof and shown to approvers.</summary>
    public const int MaxReasonLength = 1000;

    /// <summary>
    /// Text from the agent ends up in proofs, the ledger and an approver's terminal: no control
    /// or invisible formatting characters (they could disguise what is being approved).
    /// </summary>
    private static void RequirePlainText(BoundArguments arguments)
    {
        foreach (var (name, value) in arguments.Values)
        {
            if (value is string text && text.EnumerateRunes().Any(r => Rune.GetUnicodeCategory(r) is UnicodeCategory.Control or UnicodeCategory.Format))
            {
                throw new ProposalException($"{name}: must not contain control or invisible formatting characters.");
            }
        }

        if (arguments.GetString("reason") is { Length: > MaxReasonLength } reason)
        {
            throw new ProposalException($"reason: must be at most {MaxReasonLength} characters (got {reason.Length}).");
        }
    }

    private async Task<JsonObject> ReadTargetAsync(ResourceRef target, CancellationToken cancellationToken)
    {
        try
        {
            return await _cluster.GetAsync(target, cancellationToken).ConfigureAwait(false)
                ?? throw new ProposalException(
                    $"{target.Resource} {target} was not found on cluster {_cluster.ClusterName}; check the namespace and name (a list tool shows what exists).");
        }
        catch (ClusterException ex) when (ex.Kind == ClusterErrorKind.NotFound)
        {
            throw new ProposalException($"{target.Resource} {target} was not found on cluster {_cluster.ClusterName}: {ex.Message}", ex);
        }
    }

    private async Task<JsonObject> DryRunAsync(ResourceRef target, JsonObject patch, string resourceVersion, CancellationToken cancellationToken)
    {
        try
        {
            return await _cluster.PatchAsync(target, (JsonObject)patch.DeepClone(), resourceVersion, dryRun: true, cancellationToken).ConfigureAwait(false);
        }
        catch (ClusterException ex) when (ex.Kind is ClusterErrorKind.Invalid or ClusterErrorKind.Forbidden or ClusterErrorKind.Conflict or ClusterErrorKind.NotFound)
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

    /// <summary>
    /// Every field the change alters, observed object against the dry-run result, as
    /// <see cref="ObjectDiff"/> lists them (list-map keys, server-managed fields left out, capped):
    /// what the server would default or rewrite shows too.
    /// </summary>
    internal static IReadOnlyList<DiffLine> Diff(JsonObject observed, JsonObject dryRun) => ObjectDiff.Compare(observed, dryRun);
}
