using System.Security.Cryptography.X509Certificates;
using System.Text;
using McpGate.Core.Crypto;

namespace McpGate.Kubernetes.Identity;

/// <summary>
/// The digest of a set of certificates, independent of PEM spelling, order and repetition: SHA-256
/// over the sorted, distinct SHA-256 fingerprints of their DER encodings, one per line.
/// </summary>
public static class CertificateSetDigest
{
    /// <summary><c>sha256:…</c> of the DER certificates.</summary>
    /// <exception cref="ArgumentException">The set is empty.</exception>
    public static string Compute(IEnumerable<byte[]> derCertificates)
    {
        ArgumentNullException.ThrowIfNull(derCertificates);
        var fingerprints = derCertificates.Select(der => Sha256Digest.Compute(der).Hex).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (fingerprints.Count == 0)
        {
            throw new ArgumentException("There is no certificate to digest.", nameof(derCertificates));
        }

        return Sha256Digest.Compute(Encoding.ASCII.GetBytes(string.Join('\n', fingerprints))).ToString();
    }

    /// <summary><c>sha256:…</c> of the certificates in a PEM bundle.</summary>
    /// <exception cref="ArgumentException">The bundle holds no certificate.</exception>
    public static string OfPemBundle(string pem)
    {
        ArgumentNullException.ThrowIfNull(pem);
        var bundle = new X509Certificate2Collection();
        bundle.ImportFromPem(pem);
        try
        {
            return Compute(bundle.Select(c => c.RawData));
        }
        finally
        {
            foreach (var certificate in bundle)
            {
                certificate.Dispose();
            }
        }
    }
}
