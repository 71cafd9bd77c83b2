using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using McpGate.Server.Approvals;

namespace McpGate.Server.Tests.Approvals;

/// <summary>The origin rule on its own: which spellings are the listener's page, for loopback, IPv6, wildcard and TLS listeners.</summary>
public sealed class ApprovalsOriginTests
{
    [Theory]
    [InlineData("http://127.0.0.1:7443", true)]
    [InlineData("http://localhost:7443", true)]
    [InlineData("http://127.0.0.1:7444", false)]
    [InlineData("https://127.0.0.1:7443", false)]
    [InlineData("http://127.0.0.1:7443/", false)]
    [InlineData("http://127.0.0.1", false)]
    [InlineData("http://LOCALHOST:7443", false)]
    [InlineData("http://localhost.:7443", false)]
    [InlineData("null", false)]
    public void IsOwn_LoopbackListener(string origin, bool own)
    {
        var rule = new ApprovalsOrigin(Options(IPAddress.Loopback), certificate: null);

        rule.IsOwn(origin, IPAddress.Loopback, 7443).Should().Be(own);
    }

    [Theory]
    [InlineData("http://[::1]:7443", true)]
    [InlineData("http://localhost:7443", true)]
    [InlineData("http://::1:7443", false)]
    [InlineData("http://127.0.0.1:7443", false)]
    public void IsOwn_IPv6LoopbackListener(string origin, bool own)
    {
        var rule = new ApprovalsOrigin(Options(IPAddress.IPv6Loopback), certificate: null);

        rule.IsOwn(origin, IPAddress.IPv6Loopback, 7443).Should().Be(own);
    }

    [Fact]
    public void IsOwn_TlsListener_TakesTheCertificatesNamesAndTheDefaultPortLeftOut()
    {
        using var certificate = Certificate("gate.example.com", IPAddress.Parse("10.1.2.3"));
        var rule = new ApprovalsOrigin(Options(IPAddress.Any, tls: true), certificate);
        var reached = IPAddress.Parse("10.9.9.9");

        rule.IsOwn("https://gate.example.com:8443", reached, 8443).Should().BeTrue();
        rule.IsOwn("https://10.1.2.3:8443", reached, 8443).Should().BeTrue();
        rule.IsOwn("https://10.9.9.9:8443", reached, 8443).Should().BeTrue("the address the request reached is the listener's own");
        rule.IsOwn("https://gate.example.com", reached, 443).Should().BeTrue("browsers leave the default port out");
        rule.IsOwn("https://gate.example.com:443", reached, 443).Should().BeTrue();
        rule.IsOwn("http://gate.example.com:8443", reached, 8443).Should().BeFalse("the listener speaks HTTPS");
        rule.IsOwn("https://evil.example.com:8443", reached, 8443).Should().BeFalse();
        rule.IsOwn("https://gate.example.com.evil.example:8443", reached, 8443).Should().BeFalse();
        rule.IsOwn("https://localhost:8443", reached, 8443).Should().BeFalse("a non-loopback listener is not localhost");
        rule.IsOwn("https://0.0.0.0:8443", reached, 8443).Should().BeFalse("a wildcard bind is no address of a page");
    }

    private static ApprovalsApiOptions Options(IPAddress address, bool tls = false) => new()
    {
        Endpoint = new IPEndPoint(address, 7443),
        TlsCertificatePath = tls ? "cert.pem" : null,
        TlsKeyPath = tls ? "key.pem" : null,
    };

    private static X509Certificate2 Certificate(string dnsName, IPAddress address)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={dnsName}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(dnsName);
        names.AddIpAddress(address);
        request.CertificateExtensions.Add(names.Build());
        // The rule reads only the names; the validity period is never looked at.
        return request.CreateSelfSigned(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2036, 1, 1, 0, 0, 0, TimeSpan.Zero));
    }
}
