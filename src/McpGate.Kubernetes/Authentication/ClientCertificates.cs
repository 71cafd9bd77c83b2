using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace McpGate.Kubernetes.Authentication;

/// <summary>
/// Turns a PEM certificate and private key into a certificate TLS can present. Accepts RSA and
/// EC keys as PKCS#8 (<c>PRIVATE KEY</c>), PKCS#1 (<c>RSA PRIVATE KEY</c>) or SEC1 (<c>EC PRIVATE KEY</c>).
/// </summary>
internal static class ClientCertificates
{
    /// <exception cref="CryptographicException">The PEM is unusable; the message says why without quoting key material.</exception>
    public static X509Certificate2 Load(string certificatePem, string keyPem)
    {
        ArgumentNullException.ThrowIfNull(certificatePem);
        ArgumentNullException.ThrowIfNull(keyPem);
        if (keyPem.Contains("ENCRYPTED PRIVATE KEY", StringComparison.Ordinal) || keyPem.Contains("Proc-Type: 4,ENCRYPTED", StringComparison.Ordinal))
        {
            throw new CryptographicException("the private key is encrypted; McpGate needs an unencrypted PEM key (PKCS#8, PKCS#1 or SEC1)");
        }

        if (!keyPem.Contains("PRIVATE KEY-----", StringComparison.Ordinal))
        {
            throw new CryptographicException("no PEM private key found (expected PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY)");
        }

        if (!certificatePem.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal))
        {
            throw new CryptographicException("no PEM certificate found (expected BEGIN CERTIFICATE)");
        }

        using var ephemeral = X509Certificate2.CreateFromPem(certificatePem, keyPem);

        // SslStream needs a key it can use on every platform; a PKCS#12 round trip gives one.
        return X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), null);
    }
}
