using System.Security.Cryptography.X509Certificates;
using McpGate.Kubernetes.Identity;

namespace McpGate.Kubernetes.Http;

/// <summary>
/// Remembers the digest of the certificate chain the API server presented at the last TLS handshake,
/// for the cluster identity when no CA bundle is configured (system trust, insecure-skip-tls-verify),
/// and why the last check refused it, for the error the failed request reports.
/// </summary>
internal sealed class ServerChainObserver
{
    private volatile string? _digest;
    private string? _rejection;
    private long _rejections;

    /// <summary><c>sha256:…</c> of the last chain seen; null before the first handshake.</summary>
    public string? Digest => _digest;

    /// <summary>How many times a check has refused the server's certificate; read it before a request to ask <see cref="RejectionSince"/> after.</summary>
    public long Rejections => Interlocked.Read(ref _rejections);

    /// <summary>A check refused the server's certificate, for the reason given.</summary>
    public void Rejected(string reason)
    {
        // The reason first: whoever sees the count grow sees its reason.
        Volatile.Write(ref _rejection, reason);
        Interlocked.Increment(ref _rejections);
    }

    /// <summary>
    /// Why a check refused the server's certificate since <paramref name="rejectionsBefore"/> refusals were
    /// counted; null when none did, so a handshake that failed otherwise is not given an older reason.
    /// </summary>
    public string? RejectionSince(long rejectionsBefore) => Rejections > rejectionsBefore ? Volatile.Read(ref _rejection) : null;

    public void Observe(X509Certificate? certificate, X509Chain? chain)
    {
        if (certificate is null)
        {
            return;
        }

        List<byte[]> certificates = [certificate.GetRawCertData()];
        if (chain is not null)
        {
            certificates.AddRange(chain.ChainElements.Select(e => e.Certificate.RawData));
        }

        _digest = CertificateSetDigest.Compute(certificates);
    }
}
