using System.Text.Json.Nodes;
using McpGate.Core.Changes;
using McpGate.Core.Cluster;
using McpGate.Core.Operations;
using McpGate.Core.Policy;

namespace McpGate.Core.Proofs;

/// <summary>
/// What a verified proof commits to. The engine executes these, never the editable change
/// document: an edit to the stored document cannot change what runs or who must approve it.
/// </summary>
public sealed record ProofClaims
{
    public required string ChangeId { get; init; }

    public required string Tool { get; init; }

    public required string Requester { get; init; }

    public required string Reason { get; init; }

    public required IReadOnlyList<DiffLine> Diff { get; init; }

    public required IReadOnlyList<CheckRecord> Checks { get; init; }

    public required string Cluster { get; init; }

    /// <summary>The cluster the proof was made on; null for proofs made before proofs named it (never executed).</summary>
    public ClusterIdentity? ClusterIdentity { get; init; }

    public required ChangeTarget Target { get; init; }

    public required JsonObject Patch { get; init; }

    /// <summary>What the change sends, step by step, each under its precondition (a merge patch of <see cref="Patch"/> for proofs made before requests were signed).</summary>
    public required WriteRequest Request { get; init; }

    /// <summary>For a rollback: the change it undoes.</summary>
    public string? RollbackOf { get; init; }

    public required JsonObject Arguments { get; init; }

    /// <summary>The first target's resourceVersion when proven; null when that target did not exist yet (a create). Each step's own precondition is in <see cref="Request"/>.</summary>
    public required string? ObservedResourceVersion { get; init; }

    public required bool PolicyAllowed { get; init; }

    public required string PolicyRule { get; init; }

    /// <summary>Null for proofs signed before decision reasons were (see <see cref="PredicatePolicy.DecisionReason"/>).</summary>
    public DecisionReason? PolicyDecisionReason { get; init; }

    public required string PolicyReason { get; init; }

    public required int RequiredApprovals { get; init; }

    public required IReadOnlyList<string> ApproverGroups { get; init; }

    public required DateTimeOffset ExpiresAt { get; init; }

    public string? VerifyExpect { get; init; }

    public double? VerifyTimeoutSeconds { get; init; }

    /// <summary>Reads the claims of a statement whose signature was already verified.</summary>
    /// <exception cref="FormatException">A member is missing or of the wrong type; the message names it by its path.</exception>
    public static ProofClaims FromStatement(JsonObject statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        try
        {
            return From(ProofPredicateJson.Read(statement["predicate"]));
        }
        catch (FormatException ex)
        {
            throw new FormatException($"the proof's statement is malformed: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// Where the stored document disagrees with what was signed; empty when they agree. The document is
    /// mapped to predicate parts by the code <see cref="ProofBuilder"/> signs with, and each part is
    /// compared as the JSON it would be signed as.
    /// </summary>
    public IReadOnlyList<string> Mismatches(ChangeDocument change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var request = PredicateChangeRequest.Of(change);
        var policy = change.Policy is null ? null : PredicatePolicy.Of(change.Policy);
        var verify = PredicateVerify.Of(change.Verify);
        var mismatches = new List<string>();
        void Check(string field, bool same)
        {
            if (!same)
            {
                mismatches.Add(field);
            }
        }

        Check("id", request.Id == ChangeId);
        Check("tool", request.Tool == Tool);
        Check("requester", request.Requester == Requester);
        Check("reason", request.Reason == Reason);
        Check("diff", ProofPredicateJson.Same(PredicateDiffLine.Of(change.Diff), PredicateDiffLine.Of(Diff)));
        Check("summary", change.Summary == ChangeSummary.Of(Target.ToString(), Diff));
        Check("checks", ProofPredicateJson.Same(PredicateCheck.Of(change.Checks), PredicateCheck.Of(Checks)));
        Check("cluster", request.Cluster == Cluster);
        Check("clusterIdentity", ProofPredicateJson.Same(request.ClusterIdentity, PredicateClusterIdentity.Of(ClusterIdentity)));
        Check("target", ProofPredicateJson.Same(PredicateTarget.Of(change.Target), PredicateTarget.Of(Target)));
        Check("patch", JsonNode.DeepEquals(change.Patch, Patch));
        // A document made before requests were signed implies the merge patch of its target, patch and resourceVersion,
        // which are compared on their own: taking them from the claims names an edit to one of them once.
        Check("request", JsonNode.DeepEquals(OperationsJson.ToJson(change.Request ?? WriteRequest.Legacy(Target, Patch, ObservedResourceVersion)), OperationsJson.ToJson(Request)));
        Check("rollbackOf", request.RollbackOf == RollbackOf);
        Check("arguments", JsonNode.DeepEquals(request.Arguments, Arguments));
        Check("observedResourceVersion", change.ObservedResourceVersion == ObservedResourceVersion);
        Check("policy", policy is not null && policy.Allowed == PolicyAllowed && policy.Rule == PolicyRule
            && policy.DecisionReason == PolicyDecisionReason && policy.Reason == PolicyReason);
        Check("requiredApprovals", policy?.RequiredApprovals == RequiredApprovals);
        Check("approverGroups", (policy?.ApproverGroups ?? []).SequenceEqual(ApproverGroups, StringComparer.Ordinal));
        Check("expiresAt", change.ExpiresAt == ExpiresAt);
        Check("verify", verify?.Expect == VerifyExpect && verify?.TimeoutSeconds == VerifyTimeoutSeconds);
        return mismatches;
    }

    /// <summary>The claims of a predicate just read (its nodes are the claims' own: nothing else holds them).</summary>
    /// <exception cref="FormatException">The claims cannot be executed as signed; the message says why.</exception>
    private static ProofClaims From(ProofPredicate predicate)
    {
        var request = predicate.ChangeRequest;
        var target = predicate.Target.ToChangeTarget();
        // Proofs made before requests were signed are a merge patch under this version: it must be there.
        var observedVersion = predicate.Request is null
            ? predicate.Observed.ResourceVersion ?? throw new FormatException("predicate.observed.resourceVersion is missing")
            : predicate.Observed.ResourceVersion;
        return new ProofClaims
        {
            ChangeId = request.Id,
            Tool = request.Tool,
            Requester = request.Requester,
            Reason = request.Reason,
            Diff = [.. (predicate.DryRun.Diff ?? []).Select(d => d.ToDiffLine())],
            Checks = [.. (predicate.Checks ?? []).Select(c => c.ToCheckRecord())],
            Cluster = request.Cluster,
            ClusterIdentity = request.ClusterIdentity?.ToClusterIdentity(),
            Target = target,
            Patch = predicate.Patch,
            Request = predicate.Request ?? WriteRequest.Legacy(target, predicate.Patch, observedVersion!),
            RollbackOf = request.RollbackOf,
            Arguments = request.Arguments,
            ObservedResourceVersion = observedVersion,
            PolicyAllowed = predicate.Policy.Allowed,
            PolicyRule = predicate.Policy.Rule,
            PolicyDecisionReason = predicate.Policy.DecisionReason,
            PolicyReason = predicate.Policy.Reason,
            RequiredApprovals = predicate.Policy.RequiredApprovals,
            ApproverGroups = predicate.Policy.ApproverGroups ?? [],
            ExpiresAt = predicate.ExpiresAt,
            VerifyExpect = predicate.Verify?.Expect,
            VerifyTimeoutSeconds = predicate.Verify?.TimeoutSeconds,
        };
    }
}
