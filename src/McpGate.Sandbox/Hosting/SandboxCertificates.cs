using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace McpGate.Sandbox.Hosting;

/// <summary>
/// A throwaway certificate authority and a 127.0.0.1 serving certificate it signs, created per
/// cluster, so that clients such as kubectl can reach the HTTPS endpoint trusting only that CA.
/// </summary>
internal sealed class SandboxCertificates : IDisposable
{
    private SandboxCertificates(X509Certificate2 serving, X509Certificate2 authority, string authorityPem)
    {
        Serving = serving;
        Authority = authority;
        AuthorityPem = authorityPem;
    }

    /// <summary>The CA certificate with its private key, to sign client certificates.</summary>
    public X509Certificate2 Authority { get; }

    /// <summary>The serving certificate, with its private key.</summary>
    public X509Certificate2 Serving { get; }

    /// <summary>The CA certificate in PEM form (certificate-authority-data).</summary>
    public string AuthorityPem { get; }

    /// <summary>
    /// Creates the pair. Validity follows the wall clock, not the sandbox's TimeProvider, because
    /// clients check it against their own clock.
    /// </summary>
    public static SandboxCertificates Create()
    {
        var now = TimeProvider.System.GetUtcNow();
        using var authorityKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var authorityRequest = new CertificateRequest("CN=mcpgate-sandbox-ca", authorityKey, HashAlgorithmName.SHA256);
        authorityRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        authorityRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        authorityRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(authorityRequest.PublicKey, false));
        var authority = authorityRequest.CreateSelfSigned(now.AddHours(-1), now.AddYears(1));

        using var servingKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var servingRequest = new CertificateRequest("CN=mcpgate-sandbox", servingKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        servingRequest.CertificateExtensions.Add(names.Build());
        servingRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        servingRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        servingRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        servingRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authority, true, false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var signed = servingRequest.Create(authority, now.AddHours(-1), now.AddDays(300), serial);
        using var withKey = signed.CopyWithPrivateKey(servingKey);

        // Round-trip through PKCS#12 so the key is usable by SslStream on every platform.
        var serving = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
        return new SandboxCertificates(serving, authority, authority.ExportCertificatePem());
    }

    /// <summary>A client certificate (CN = user, O = each group) signed by the CA, valid for a year.</summary>
    public SandboxClientCertificate IssueClient(string user, IReadOnlyList<string> groups, SandboxKeyAlgorithm algorithm)
    {
        var subject = new X500DistinguishedNameBuilder();
        foreach (var group in groups)
        {
            subject.AddOrganizationName(group);
        }

        subject.AddCommonName(user);
        var now = TimeProvider.System.GetUtcNow();
        using AsymmetricAlgorithm key = algorithm == SandboxKeyAlgorithm.Rsa2048 ? RSA.Create(2048) : ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = key is RSA rsa
            ? new CertificateRequest(subject.Build(), rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            : new CertificateRequest(subject.Build(), (ECDsa)key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Authority, true, false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var authorityKey = Authority.GetECDsaPrivateKey() ?? throw new InvalidOperationException("The sandbox CA has no private key.");
        using var signed = request.Create(Authority.SubjectName, X509SignatureGenerator.CreateForECDsa(authorityKey), now.AddHours(-1), now.AddYears(1), serial);
        return new SandboxClientCertificate
        {
            User = user,
            Groups = groups,
            CertificatePem = signed.ExportCertificatePem(),
            PrivateKeyPem = key is RSA rsaKey ? rsaKey.ExportRSAPrivateKeyPem() : ((ECDsa)key).ExportECPrivateKeyPem(),
        };
    }

    /// <summary>Whether the certificate chains to this cluster's CA and is meant for client authentication.</summary>
    public bool IsClientCertificate(X509Certificate2 certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid("1.3.6.1.5.5.7.3.2"));
        return chain.Build(certificate);
    }

    public void Dispose()
    {
        Serving.Dispose();
        Authority.Dispose();
    }
}
