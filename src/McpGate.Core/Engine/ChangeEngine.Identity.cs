using McpGate.Core.Changes;
using McpGate.Core.Proofs;

namespace McpGate.Core.Engine;

public sealed partial class ChangeEngine
{
    /// <summary>
    /// Whether this gate is the one to work on a change. A change proven on another cluster is left
    /// alone (skipped, never failed): gates sharing a data directory each own their cluster's changes,
    /// even when their kubeconfig contexts have the same name. Ownership goes by the stable cluster id;
    /// a change whose id is ours but whose signed identity differs in URL, certificate or uid is taken
    /// and then refused by <see cref="IdentityRefusalAsync"/>. A change from before proofs named the
    /// cluster is matched by context name, only so that it can be refused clearly.
    /// </summary>
    private async Task<bool> IsForThisClusterAsync(ChangeDocument change, CancellationToken cancellationToken)
    {
        if (change.ClusterIdentity is null)
        {
            return change.Cluster == _cluster.ClusterName;
        }

        var live = await _cluster.GetIdentityAsync(cancellationToken).ConfigureAwait(false);
        return change.ClusterIdentity.Id == live.Id;
    }

    /// <summary>
    /// Why the signed proof does not allow a write to the live cluster, or null when it does: the
    /// proof's cluster identity must equal the live one in every field. Asked before any cluster access
    /// on the paths that write (execute, reconcile).
    /// </summary>
    private async Task<string?> IdentityRefusalAsync(ProofClaims claims, CancellationToken cancellationToken)
    {
        var live = await _cluster.GetIdentityAsync(cancellationToken).ConfigureAwait(false);
        if (claims.ClusterIdentity is not { } proven)
        {
            return $"its proof was made before proofs named the cluster's identity, so nothing shows it is for cluster {live}; propose the change again";
        }

        var differences = proven.Differences(live);
        return differences.Count == 0
            ? null
            : $"it was proven on cluster {proven}, but this gate is connected to cluster {live} ({string.Join(", ", differences)} differ); the cluster was not touched";
    }
}
