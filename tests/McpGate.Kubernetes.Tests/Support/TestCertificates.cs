using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace McpGate.Kubernetes.Tests.Support;

/// <summary>A throwaway certificate authority issuing server and client certificates for TLS tests.</summary>
internal sealed class TestCertificates : IDisposable
{
    private readonly ECDsa _caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public TestCertificates(string caName = "CN=mcpgate-test-ca")
        : this(caName, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1))
    {
    }

    /// <summary>A self-signed authority valid only from <paramref name="notBefore"/> to <paramref name="notAfter"/>.</summary>
    public TestCertificates(string caName, DateTimeOffset notBefore, DateTimeOffset notAfter)
        : this(caName, notBefore, notAfter, isAuthority: true)
    {
    }

    /// <summary>
    /// A self-signed certificate that signs the ones this issues; with <paramref name="isAuthority"/> false its
    /// basic constraints say it is no CA (issue with <see cref="IssueServerUnchecked"/> then).
    /// </summary>
    public TestCertificates(string caName, bool isAuthority)
        : this(caName, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1), isAuthority)
    {
    }

    private TestCertificates(string caName, DateTimeOffset notBefore, DateTimeOffset notAfter, bool isAuthority)
    {
        var request = new CertificateRequest(caName, _caKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(isAuthority, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            isAuthority ? X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign : X509KeyUsageFlags.DigitalSignature, true));
        Authority = request.CreateSelfSigned(notBefore, notAfter);
    }

    /// <summary>An intermediate authority signed by <paramref name="parent"/>.</summary>
    public TestCertificates(TestCertificates parent, string caName)
        : this(parent, caName, DateTimeOffset.UtcNow.AddHours(-2), DateTimeOffset.UtcNow.AddHours(2))
    {
    }

    /// <summary>An intermediate authority signed by <paramref name="parent"/>, valid only from <paramref name="notBefore"/> to <paramref name="notAfter"/>.</summary>
    public TestCertificates(TestCertificates parent, string caName, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        ArgumentNullException.ThrowIfNull(parent);
        var request = new CertificateRequest(caName, _caKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var issued = request.Create(parent.Authority, notBefore, notAfter, RandomNumberGenerator.GetBytes(8));
        Authority = issued.CopyWithPrivateKey(_caKey);
    }

    public X509Certificate2 Authority { get; }

    public string AuthorityPem => Authority.ExportCertificatePem();

    /// <summary>A server certificate whose only subject alternative name is <paramref name="dnsName"/>.</summary>
    public X509Certificate2 IssueServer(string dnsName)
    {
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(dnsName);
        return Issue("CN=" + dnsName, names.Build(), new Oid("1.3.6.1.5.5.7.3.1"));
    }

    /// <summary>
    /// A server certificate whose subject alternative names are <paramref name="names"/>, in that order:
    /// an IP address where the text is one, else a DNS name.
    /// </summary>
    public X509Certificate2 IssueServer(IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var builder = new SubjectAlternativeNameBuilder();
        foreach (var name in names)
        {
            if (System.Net.IPAddress.TryParse(name, out var address))
            {
                builder.AddIpAddress(address);
            }
            else
            {
                builder.AddDnsName(name);
            }
        }

        return Issue("CN=" + names[0], builder.Build(), new Oid("1.3.6.1.5.5.7.3.1"));
    }

    /// <summary>
    /// A server certificate for <paramref name="dnsName"/>, valid now, that names this authority as its
    /// issuer but is signed with another key: its signature does not verify. Dates are not checked
    /// against the authority's, so this also issues a current certificate under an expired authority
    /// when <paramref name="signedByOtherKey"/> is false.
    /// </summary>
    public X509Certificate2 IssueServerUnchecked(string dnsName, bool signedByOtherKey)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=" + dnsName, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(dnsName);
        request.CertificateExtensions.Add(names.Build());
        var generator = X509SignatureGenerator.CreateForECDsa(signedByOtherKey ? otherKey : _caKey);
        using var issued = request.Create(Authority.SubjectName, generator, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddHours(1), RandomNumberGenerator.GetBytes(8));
        using var withKey = issued.CopyWithPrivateKey(key);
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }


    /// <summary>A server certificate for <paramref name="dnsName"/> valid only from <paramref name="notBefore"/> to <paramref name="notAfter"/>.</summary>
    public X509Certificate2 IssueServer(string dnsName, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(dnsName);
        return Issue("CN=" + dnsName, names.Build(), new Oid("1.3.6.1.5.5.7.3.1"), notBefore, notAfter);
    }

    /// <summary>A certificate with the given subject, optional DNS subject alternative name and optional extended key usage.</summary>
    public X509Certificate2 IssueLeaf(string subject, string? dnsName, string? usageOid)
    {
        X509Extension? names = null;
        if (dnsName is not null)
        {
            var builder = new SubjectAlternativeNameBuilder();
            builder.AddDnsName(dnsName);
            names = builder.Build();
        }

        return Issue(subject, names, usageOid is null ? null : new Oid(usageOid));
    }

    /// <summary>A client certificate and its private key, as PEM, the way a kubeconfig carries them.</summary>
    public (string CertificatePem, string KeyPem) IssueClientPem(string commonName)
    {
        using var certificate = Issue("CN=" + commonName, null, new Oid("1.3.6.1.5.5.7.3.2"));
        using var key = certificate.GetECDsaPrivateKey()!;
        return (certificate.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }

    public void Dispose()
    {
        Authority.Dispose();
        _caKey.Dispose();
    }

    private X509Certificate2 Issue(string subject, X509Extension? alternativeNames, Oid? usage) =>
        Issue(subject, alternativeNames, usage, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddHours(1));

    private X509Certificate2 Issue(string subject, X509Extension? alternativeNames, Oid? usage, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        if (usage is not null)
        {
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([usage], false));
        }
        if (alternativeNames is not null)
        {
            request.CertificateExtensions.Add(alternativeNames);
        }

        var serial = RandomNumberGenerator.GetBytes(8);
        using var issued = request.Create(Authority, notBefore, notAfter, serial);
        using var withKey = issued.CopyWithPrivateKey(key);
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }
}
