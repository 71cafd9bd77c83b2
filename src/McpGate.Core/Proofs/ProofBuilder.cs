using System.Text.Json.Nodes;
using McpGate.Core.Changes;
using McpGate.Core.Cluster;
using McpGate.Core.Crypto;
using McpGate.Core.Dsse;
using McpGate.Core.Json;
using McpGate.Core.Operations;

namespace McpGate.Core.Proofs;

/// <summary>
/// Turns the evidence for a change into an in-toto Statement v1 and signs it with the gate's
/// key as a DSSE envelope. The subject is the target object with the digest of its observed
/// state, so a proof is bound to exactly what the engine saw.
/// </summary>
public static class ProofBuilder
{
    public static SignedProof Build(ProofInput input, Ed25519PrivateKey gateKey)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(gateKey);

        var change = input.Change;
        var observedDigest = Sha256Digest.Compute(CanonicalJson.Serialize(input.Observed));
        var dryRunDigest = Sha256Digest.Compute(CanonicalJson.Serialize(input.DryRunResult));
        var releaseScore = ReleaseScore(input.Checks);

        var statement = new JsonObject
        {
            ["_type"] = ProofFormat.StatementType,
            ["subject"] = new JsonArray(new JsonObject
            {
                ["name"] = SubjectName(change),
                ["digest"] = new JsonObject { ["sha256"] = observedDigest.Hex },
            }),
            ["predicateType"] = ProofFormat.ProofPredicateType,
            ["predicate"] = new JsonObject
            {
                ["changeRequest"] = new JsonObject
                {
                    ["id"] = change.Id,
                    ["tool"] = change.Tool,
                    ["arguments"] = change.Arguments.DeepClone(),
                    ["requester"] = change.Requester,
                    ["reason"] = change.Reason,
                    ["cluster"] = change.Cluster,
                    ["clusterIdentity"] = IdentityJson(change.ClusterIdentity ?? throw new ArgumentException("The change names no cluster identity; a proof must say which cluster it is for.", nameof(input))),
                    ["createdAt"] = change.CreatedAt.ToString("O"),
                    ["rollbackOf"] = change.RollbackOf,
                },
                ["target"] = new JsonObject
                {
                    ["group"] = change.Target.Group,
                    ["version"] = change.Target.Version,
                    ["resource"] = change.Target.Resource,
                    ["namespace"] = change.Target.Namespace,
                    ["name"] = change.Target.Name,
                },
                ["observed"] = new JsonObject
                {
                    ["resourceVersion"] = change.Request is null ? ObservedResourceVersion(input.Observed) : change.ObservedResourceVersion,
                    ["digest"] = observedDigest.ToString(),
                },
                ["patch"] = change.Patch.DeepClone(),
                ["request"] = OperationsJson.ToJson(change.Request ?? WriteRequest.Legacy(change.Target, change.Patch, ObservedResourceVersion(input.Observed))),
                ["dryRun"] = new JsonObject
                {
                    ["accepted"] = true,
                    ["resultDigest"] = dryRunDigest.ToString(),
                    ["diff"] = new JsonArray([.. change.Diff.Select(d => (JsonNode)new JsonObject
                    {
                        ["path"] = d.Path,
                        ["from"] = d.From?.DeepClone(),
                        ["to"] = d.To?.DeepClone(),
                    })]),
                },
                ["checks"] = new JsonArray([.. input.Checks.Select(c => (JsonNode)new JsonObject
                {
                    ["name"] = c.Name,
                    ["status"] = c.Status,
                    ["detail"] = c.Detail,
                    ["evidenceDigest"] = c.EvidenceDigest,
                })]),
                ["releaseScore"] = releaseScore,
                ["policy"] = new JsonObject
                {
                    ["allowed"] = input.Policy.Allowed,
                    ["rule"] = input.Policy.Rule,
                    ["reason"] = input.Policy.Reason,
                    ["requiredApprovals"] = input.Policy.RequiredApprovals,
                    ["approverGroups"] = new JsonArray([.. input.Policy.ApproverGroups.Select(g => (JsonNode)g)]),
                },
                ["verify"] = change.Verify is null ? null : new JsonObject
                {
                    ["expect"] = change.Verify.Expect,
                    ["timeoutSeconds"] = change.Verify.TimeoutSeconds,
                },
                ["issuedAt"] = input.IssuedAt.ToString("O"),
                ["expiresAt"] = input.ExpiresAt.ToString("O"),
            },
        };

        var payload = CanonicalJson.Serialize(statement);
        var envelope = DsseSigner.Sign(ProofFormat.PayloadType, payload, gateKey);
        return new SignedProof
        {
            Envelope = envelope,
            Digest = Sha256Digest.Compute(payload),
            ObservedDigest = observedDigest,
            ReleaseScore = releaseScore,
        };
    }

    /// <summary>A URI naming the target object on its cluster, like a Kubernetes API path.</summary>
    public static string SubjectName(ChangeDocument change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var t = change.Target;
        var prefix = t.Group.Length == 0 ? $"api/{t.Version}" : $"apis/{t.Group}/{t.Version}";
        var scope = t.Namespace is null ? string.Empty : $"namespaces/{t.Namespace}/";
        return $"k8s://{change.Cluster}/{prefix}/{scope}{t.Resource}/{t.Name}";
    }

    /// <summary>Weighted share of passing checks, 0 to 100 (see <see cref="Checks.ReleaseScore"/>): a quick signal for the approver, not a gate.</summary>
    public static int ReleaseScore(IReadOnlyList<CheckRecord> checks) => Checks.ReleaseScore.Of(checks);

    private static JsonObject IdentityJson(ClusterIdentity identity) => new()
    {
        ["id"] = identity.Id,
        ["server"] = identity.Server,
        ["certificateDigest"] = identity.CertificateDigest,
        ["certificateSource"] = identity.CertificateSource,
        ["kubeSystemUid"] = identity.KubeSystemUid,
    };

    private static string? ObservedResourceVersion(JsonObject observed) =>
        observed["metadata"]?["resourceVersion"]?.GetValue<string>();
}
