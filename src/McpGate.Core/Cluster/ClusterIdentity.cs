using System.Text;
using McpGate.Core.Crypto;

namespace McpGate.Core.Cluster;

/// <summary>
/// What a cluster is, not what a kubeconfig calls it: the normalised API server URL, the digest of
/// the certificates that authenticate it, and the <c>kube-system</c> namespace uid where readable.
/// Proofs sign it; the engine writes only where the live identity equals the signed one.
/// </summary>
public sealed record ClusterIdentity
{
    /// <summary><see cref="CertificateDigest"/> is of the CA bundle the client trusts (kubeconfig <c>certificate-authority</c>).</summary>
    public const string CaBundle = "ca-bundle";

    /// <summary><see cref="CertificateDigest"/> is of the certificate chain the server presented (system trust or insecure-skip-tls-verify).</summary>
    public const string ServerChain = "server-chain";

    /// <summary>Plain http: no certificate authenticates the server, <see cref="CertificateDigest"/> is null.</summary>
    public const string NoCertificate = "none";

    /// <summary>A stable name for the cluster: from the kube-system uid when known, else from URL and certificate digest.</summary>
    public required string Id { get; init; }

    /// <summary>The API server URL in <see cref="ClusterServerUrl"/> normal form.</summary>
    public required string Server { get; init; }

    /// <summary><c>sha256:…</c> of the certificate set named by <see cref="CertificateSource"/>; null for plain http.</summary>
    public string? CertificateDigest { get; init; }

    /// <summary><see cref="CaBundle"/>, <see cref="ServerChain"/> or <see cref="NoCertificate"/>.</summary>
    public required string CertificateSource { get; init; }

    /// <summary>The uid of namespace kube-system; null when these credentials may not read it.</summary>
    public string? KubeSystemUid { get; init; }

    /// <summary>Builds an identity, normalising the URL and deriving <see cref="Id"/>.</summary>
    /// <exception cref="FormatException">The URL, digest or source is not valid.</exception>
    public static ClusterIdentity Create(string server, string? certificateDigest, string certificateSource, string? kubeSystemUid)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(certificateSource);
        var normalized = ClusterServerUrl.Normalize(server);
        if (certificateSource is not (CaBundle or ServerChain or NoCertificate))
        {
            throw new FormatException($"certificateSource '{certificateSource}' must be {CaBundle}, {ServerChain} or {NoCertificate}");
        }

        if ((certificateSource == NoCertificate) != (certificateDigest is null)
            || (certificateDigest is not null && !Sha256Digest.TryParse(certificateDigest, out _)))
        {
            throw new FormatException($"certificateDigest must be a sha256:<hex> digest exactly when certificateSource is not {NoCertificate}");
        }

        if (kubeSystemUid is not null && (kubeSystemUid.Length == 0 || kubeSystemUid.Any(c => !char.IsAsciiLetterOrDigit(c) && c != '-')))
        {
            throw new FormatException("kubeSystemUid must be letters, digits and '-'");
        }

        return new ClusterIdentity
        {
            Id = DeriveId(normalized, certificateDigest, kubeSystemUid),
            Server = normalized,
            CertificateDigest = certificateDigest,
            CertificateSource = certificateSource,
            KubeSystemUid = kubeSystemUid,
        };
    }

    /// <summary>
    /// <c>uid:&lt;kube-system uid&gt;</c> when known (stable across URL and CA changes), else
    /// <c>endpoint:&lt;sha256 of URL and certificate digest&gt;</c>. Never the context name.
    /// </summary>
    public static string DeriveId(string normalizedServer, string? certificateDigest, string? kubeSystemUid)
    {
        ArgumentNullException.ThrowIfNull(normalizedServer);
        if (kubeSystemUid is not null)
        {
            return "uid:" + kubeSystemUid.ToLowerInvariant();
        }

        var digest = Sha256Digest.Compute(Encoding.UTF8.GetBytes($"{normalizedServer}\n{certificateDigest ?? NoCertificate}"));
        return "endpoint:" + digest.Hex[..32];
    }

    /// <summary>Names of the fields in which <paramref name="other"/> differs from this identity.</summary>
    public IReadOnlyList<string> Differences(ClusterIdentity other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var fields = new List<string>();
        if (Id != other.Id)
        {
            fields.Add("id");
        }

        if (Server != other.Server)
        {
            fields.Add("server");
        }

        if (CertificateDigest != other.CertificateDigest || CertificateSource != other.CertificateSource)
        {
            fields.Add("certificate");
        }

        if (KubeSystemUid != other.KubeSystemUid)
        {
            fields.Add("kube-system uid");
        }

        return fields;
    }

    /// <summary>For messages: <c>https://host:443 (id uid:…)</c>.</summary>
    public override string ToString() => $"{Server} (id {Id})";
}
