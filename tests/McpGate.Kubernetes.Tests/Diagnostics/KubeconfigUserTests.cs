using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using McpGate.Kubernetes.Diagnostics;
using McpGate.Kubernetes.KubeConfig;

namespace McpGate.Kubernetes.Tests.Diagnostics;

/// <summary>The user a kubeconfig's credentials name, for clusters that cannot say who is asking.</summary>
public sealed class KubeconfigUserTests
{
    [Fact]
    public void Guess_ClientCertificate_IsItsCommonName()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=jane, O=platform", key, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddDays(1));

        KubeconfigUser.Guess(Endpoint() with { ClientCertificatePem = certificate.ExportCertificatePem() }).Should().Be("jane");
    }

    [Fact]
    public void Guess_ServiceAccountToken_IsItsSubject() =>
        KubeconfigUser.Guess(Endpoint() with { Token = Jwt("""{"iss":"kubernetes/serviceaccount","sub":"system:serviceaccount:ops:gate"}""") })
            .Should().Be("system:serviceaccount:ops:gate");

    [Theory]
    [InlineData("opaque-token")]
    [InlineData("a.b.c")]
    [InlineData("a..c")]
    [InlineData("a.!!!.c")]
    public void Guess_TokenThatIsNoJwt_IsUnknown(string token) =>
        KubeconfigUser.Guess(Endpoint() with { Token = token }).Should().BeNull();

    [Theory]
    [InlineData("""{"iss":"x"}""")]
    [InlineData("""{"sub":42}""")]
    [InlineData("""{"sub":""}""")]
    [InlineData("""["sub"]""")]
    [InlineData("""not json""")]
    public void Guess_JwtWithoutAStringSubject_IsUnknown(string claims) =>
        KubeconfigUser.Guess(Endpoint() with { Token = Jwt(claims) }).Should().BeNull();

    [Fact]
    public void Guess_BrokenCertificateAndNoToken_IsUnknown() =>
        KubeconfigUser.Guess(Endpoint() with { ClientCertificatePem = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n" })
            .Should().BeNull();

    /// <summary>An unsigned JWT carrying <paramref name="claims"/>, base64url without padding.</summary>
    internal static string Jwt(string claims) =>
        $"{Base64Url("""{"alg":"RS256"}""")}.{Base64Url(claims)}.c2ln";

    private static string Base64Url(string text) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static KubeEndpoint Endpoint() => new() { ContextName = "c", Server = new Uri("https://127.0.0.1:6443") };
}
