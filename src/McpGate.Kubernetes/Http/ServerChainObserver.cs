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
    private volatile string? _rejection;

    /// <summary><c>sha256:…</c> of the last chain seen; null before the first handshake.</summary>
    public string? Digest => _digest;

    /// <summary>Why the last certificate check refused the server; null once a check accepts it again.</summary>
    public string? LastRejection => _rejection;

    /// <summary>A check refused the server's certificate, for the reason given.</summary>
    public void Rejected(string reason) => _rejection = reason;

    public void Observe(X509Certificate? certificate, X509Chain? chain)
    {
        _rejection = null;
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
