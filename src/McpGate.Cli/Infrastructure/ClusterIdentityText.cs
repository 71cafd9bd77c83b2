using McpGate.Core.Cluster;

namespace McpGate.Cli.Infrastructure;

/// <summary>How commands show a cluster identity: one fact per line, the same in every command.</summary>
internal static class ClusterIdentityText
{
    /// <summary>Label and value pairs; a missing identity says what that means.</summary>
    public static IReadOnlyList<(string Label, string Value)> Rows(ClusterIdentity? identity) => identity is null
        ? [("cluster id", "NONE: the proof does not name the cluster's identity (made before proofs carried it); the gate will not execute it")]
        :
        [
            ("cluster id", identity.Id),
            ("server", identity.Server),
            ("certificate", identity.CertificateDigest is null ? "none (plain http)" : $"{identity.CertificateDigest} ({Source(identity.CertificateSource)})"),
            ("kube-system uid", identity.KubeSystemUid ?? "not readable with these credentials; the id rests on server URL and certificate"),
        ];

    private static string Source(string source) => source switch
    {
        ClusterIdentity.CaBundle => "CA bundle the client trusts",
        ClusterIdentity.ServerChain => "chain the server presented",
        _ => source,
    };
}
