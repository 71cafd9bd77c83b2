using System.Text.Json.Nodes;
using McpGate.Core.Changes;
using McpGate.Core.Crypto;
using McpGate.Core.Dsse;
using McpGate.Core.Json;

namespace McpGate.Core.Proofs;

/// <summary>
/// Turns the evidence for a change into an in-toto Statement v1 whose predicate is a
/// <see cref="ProofPredicate"/>, canonicalizes it (RFC 8785) and signs it with the gate's key as a
/// DSSE envelope. The subject is the target object with the digest of its observed state, so a
/// proof is bound to exactly what the engine saw.
/// </summary>
public static class ProofBuilder
{
    public static SignedProof Build(ProofInput input, Ed25519PrivateKey gateKey)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(gateKey);

        var observedDigest = Sha256Digest.Compute(CanonicalJson.Serialize(input.Observed));
        var dryRunDigest = Sha256Digest.Compute(CanonicalJson.Serialize(input.DryRunResult));
        var predicate = ProofPredicate.Of(input, observedDigest, dryRunDigest);

        var statement = new JsonObject
        {
            ["_type"] = ProofFormat.StatementType,
            ["subject"] = new JsonArray(new JsonObject
            {
                ["name"] = SubjectName(input.Change),
                ["digest"] = new JsonObject { ["sha256"] = observedDigest.Hex },
            }),
            ["predicateType"] = ProofFormat.ProofPredicateType,
            ["predicate"] = ProofPredicateJson.Write(predicate),
        };

        var payload = CanonicalJson.Serialize(statement);
        var envelope = DsseSigner.Sign(ProofFormat.PayloadType, payload, gateKey);
        return new SignedProof
        {
            Envelope = envelope,
            Digest = Sha256Digest.Compute(payload),
            ObservedDigest = observedDigest,
            ReleaseScore = predicate.ReleaseScore,
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
}
