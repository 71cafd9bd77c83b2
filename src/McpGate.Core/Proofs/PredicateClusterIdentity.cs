using McpGate.Core.Cluster;

namespace McpGate.Core.Proofs;

/// <summary><c>predicate.changeRequest.clusterIdentity</c>: the <see cref="Cluster.ClusterIdentity"/> the proof was made on.</summary>
internal sealed record PredicateClusterIdentity
{
    public required string Id { get; init; }

    public required string Server { get; init; }

    /// <summary>Written as <c>null</c> for plain http.</summary>
    public string? CertificateDigest { get; init; }

    public required string CertificateSource { get; init; }

    /// <summary>Written as <c>null</c> when the gate could not read namespace kube-system.</summary>
    public string? KubeSystemUid { get; init; }

    public static PredicateClusterIdentity? Of(ClusterIdentity? identity) => identity is null ? null : new()
    {
        Id = identity.Id,
        Server = identity.Server,
        CertificateDigest = identity.CertificateDigest,
        CertificateSource = identity.CertificateSource,
        KubeSystemUid = identity.KubeSystemUid,
    };

    /// <summary>The signed identity; its id must be the one its fields derive (a proof cannot name one cluster by another's id).</summary>
    /// <exception cref="FormatException">It is not in normal form, or its id is not derived from its fields.</exception>
    public ClusterIdentity ToClusterIdentity()
    {
        var signed = new ClusterIdentity
        {
            Id = Id,
            Server = Server,
            CertificateDigest = CertificateDigest,
            CertificateSource = CertificateSource,
            KubeSystemUid = KubeSystemUid,
        };
        var derived = ClusterIdentity.Create(Server, CertificateDigest, CertificateSource, KubeSystemUid);
        return derived == signed
            ? signed
            : throw new FormatException("clusterIdentity is not in normal form or its id is not derived from its fields");
    }
}
