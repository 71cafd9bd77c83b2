using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using McpGate.Core.Changes;
using McpGate.Core.Cluster;
using McpGate.Core.Operations;

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

    public required string PolicyReason { get; init; }

    public required int RequiredApprovals { get; init; }

    public required IReadOnlyList<string> ApproverGroups { get; init; }

    public required DateTimeOffset ExpiresAt { get; init; }

    public string? VerifyExpect { get; init; }

    public double? VerifyTimeoutSeconds { get; init; }

    /// <summary>Reads the claims of a statement whose signature was already verified.</summary>
    /// <exception cref="FormatException">A field is missing or of the wrong type; the message names it.</exception>
    public static ProofClaims FromStatement(JsonObject statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        try
        {
            var predicate = Object(statement, "predicate");
            var request = Object(predicate, "changeRequest");
            var target = Object(predicate, "target");
            var policy = Object(predicate, "policy");
            var verify = predicate["verify"] as JsonObject;
            return new ProofClaims
            {
                ChangeId = String(request, "id"),
                Tool = String(request, "tool"),
                Requester = String(request, "requester"),
                Reason = String(request, "reason"),
                Diff = [.. (Object(predicate, "dryRun")["diff"] as JsonArray ?? []).Select(d => new DiffLine
                {
                    Path = String((JsonObject)d!, "path"),
                    From = d!["from"]?.DeepClone(),
                    To = d["to"]?.DeepClone(),
                })],
                Checks = [.. (predicate["checks"] as JsonArray ?? []).Select(c => new CheckRecord
                {
                    Name = String((JsonObject)c!, "name"),
                    Status = String((JsonObject)c!, "status"),
                    Detail = String((JsonObject)c!, "detail"),
                    EvidenceDigest = c!["evidenceDigest"]?.GetValue<string>(),
                })],
                Cluster = String(request, "cluster"),
                ClusterIdentity = Identity(request),
                Arguments = (JsonObject)Object(request, "arguments").DeepClone(),
                Target = ReadTarget(target),
                Patch = (JsonObject)Object(predicate, "patch").DeepClone(),
                Request = predicate["request"] is { } signedRequest
                    ? OperationsJson.FromJson(signedRequest)
                    : WriteRequest.Legacy(ReadTarget(target), (JsonObject)Object(predicate, "patch").DeepClone(), String(Object(predicate, "observed"), "resourceVersion")),
                RollbackOf = request["rollbackOf"]?.GetValue<string>(),
                ObservedResourceVersion = predicate["request"] is null
                    ? String(Object(predicate, "observed"), "resourceVersion")
                    : Object(predicate, "observed")["resourceVersion"]?.GetValue<string>(),
                PolicyAllowed = policy["allowed"]?.GetValue<bool>() ?? throw new FormatException("predicate.policy.allowed is missing"),
                PolicyRule = String(policy, "rule"),
                PolicyReason = String(policy, "reason"),
                RequiredApprovals = policy["requiredApprovals"]?.GetValue<int>() ?? throw new FormatException("predicate.policy.requiredApprovals is missing"),
                ApproverGroups = [.. (policy["approverGroups"] as JsonArray ?? []).Select(g => g!.GetValue<string>())],
                ExpiresAt = DateTimeOffset.Parse(String(predicate, "expiresAt"), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
                VerifyExpect = verify?["expect"]?.GetValue<string>(),
                VerifyTimeoutSeconds = verify?["timeoutSeconds"]?.GetValue<double>(),
            };
        }
        catch (Exception ex) when (ex is InvalidOperationException or JsonException or InvalidCastException or NullReferenceException or FormatException)
        {
            throw new FormatException($"the proof's statement is malformed: {ex.Message}", ex);
        }
    }

    /// <summary>Where the stored document disagrees with what was signed; empty when they agree.</summary>
    public IReadOnlyList<string> Mismatches(ChangeDocument change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var mismatches = new List<string>();
        void Check(string field, bool same)
        {
            if (!same)
            {
                mismatches.Add(field);
            }
        }

        Check("id", change.Id == ChangeId);
        Check("tool", change.Tool == Tool);
        Check("requester", change.Requester == Requester);
        Check("reason", change.Reason == Reason);
        Check("diff", change.Diff.Count == Diff.Count && change.Diff.Zip(Diff).All(p =>
            p.First.Path == p.Second.Path && JsonNode.DeepEquals(p.First.From, p.Second.From) && JsonNode.DeepEquals(p.First.To, p.Second.To)));
        Check("summary", change.Summary == ChangeSummary.Of(Target.ToString(), Diff));
        Check("checks", change.Checks.Count == Checks.Count && change.Checks.Zip(Checks).All(p =>
            p.First.Name == p.Second.Name && p.First.Status == p.Second.Status && p.First.Detail == p.Second.Detail && p.First.EvidenceDigest == p.Second.EvidenceDigest));
        Check("cluster", change.Cluster == Cluster);
        Check("clusterIdentity", change.ClusterIdentity == ClusterIdentity);
        Check("target", change.Target == Target);
        Check("patch", JsonNode.DeepEquals(change.Patch, Patch));
        Check("request", JsonNode.DeepEquals(OperationsJson.ToJson(change.Request ?? WriteRequest.Legacy(change.Target, change.Patch, change.ObservedResourceVersion)), OperationsJson.ToJson(Request)));
        Check("rollbackOf", change.RollbackOf == RollbackOf);
        Check("arguments", JsonNode.DeepEquals(change.Arguments, Arguments));
        Check("observedResourceVersion", change.ObservedResourceVersion == ObservedResourceVersion);
        Check("policy", change.Policy is { } policy && policy.Allowed == PolicyAllowed && policy.Rule == PolicyRule && policy.Reason == PolicyReason);
        Check("requiredApprovals", change.Policy?.RequiredApprovals == RequiredApprovals);
        Check("approverGroups", (change.Policy?.ApproverGroups ?? []).SequenceEqual(ApproverGroups, StringComparer.Ordinal));
        Check("expiresAt", change.ExpiresAt == ExpiresAt);
        Check("verify", change.Verify?.Expect == VerifyExpect && change.Verify?.TimeoutSeconds == VerifyTimeoutSeconds);
        return mismatches;
    }

    /// <summary>The signed identity; its id must be the one its fields derive (a proof cannot name one cluster by another's id).</summary>
    private static ClusterIdentity? Identity(JsonObject request)
    {
        if (!request.ContainsKey("clusterIdentity"))
        {
            return null;
        }

        var identity = Object(request, "clusterIdentity");
        var signed = new ClusterIdentity
        {
            Id = String(identity, "id"),
            Server = String(identity, "server"),
            CertificateDigest = identity["certificateDigest"]?.GetValue<string>(),
            CertificateSource = String(identity, "certificateSource"),
            KubeSystemUid = identity["kubeSystemUid"]?.GetValue<string>(),
        };
        var derived = ClusterIdentity.Create(signed.Server, signed.CertificateDigest, signed.CertificateSource, signed.KubeSystemUid);
        return derived == signed
            ? signed
            : throw new FormatException("clusterIdentity is not in normal form or its id is not derived from its fields");
    }

    private static ChangeTarget ReadTarget(JsonObject target) => new()
    {
        Group = String(target, "group"),
        Version = String(target, "version"),
        Resource = String(target, "resource"),
        Namespace = target["namespace"]?.GetValue<string>(),
        Name = String(target, "name"),
    };

    private static JsonObject Object(JsonObject parent, string name) =>
        parent[name] as JsonObject ?? throw new FormatException($"'{name}' is missing or not an object");

    private static string String(JsonObject parent, string name) =>
        parent[name]?.GetValue<string>() ?? throw new FormatException($"'{name}' is missing");
}
