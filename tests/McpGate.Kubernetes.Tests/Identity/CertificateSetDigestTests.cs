using McpGate.Kubernetes.Identity;
using McpGate.Kubernetes.Tests.Support;

namespace McpGate.Kubernetes.Tests.Identity;

public sealed class CertificateSetDigestTests : IDisposable
{
    private readonly TestCertificates _first = new("CN=first-ca");
    private readonly TestCertificates _second = new("CN=second-ca");

    [Fact]
    public void OfPemBundle_OrderSpacingAndRepetition_DoNotChangeTheDigest()
    {
        var reference = CertificateSetDigest.OfPemBundle(_first.AuthorityPem + "\n" + _second.AuthorityPem);

        CertificateSetDigest.OfPemBundle(_second.AuthorityPem + "\n\n" + _first.AuthorityPem).Should().Be(reference);
        CertificateSetDigest.OfPemBundle(_first.AuthorityPem.Replace("\n", "\r\n", StringComparison.Ordinal) + "\n" + _second.AuthorityPem + "\n" + _first.AuthorityPem).Should().Be(reference);
        CertificateSetDigest.Compute([_second.Authority.RawData, _first.Authority.RawData]).Should().Be(reference);
    }

    [Fact]
    public void OfPemBundle_DifferentSets_DifferentDigests()
    {
        var both = CertificateSetDigest.OfPemBundle(_first.AuthorityPem + "\n" + _second.AuthorityPem);
        var first = CertificateSetDigest.OfPemBundle(_first.AuthorityPem);
        var second = CertificateSetDigest.OfPemBundle(_second.AuthorityPem);

        new[] { both, first, second }.Should().OnlyHaveUniqueItems().And.OnlyContain(d => d.StartsWith("sha256:", StringComparison.Ordinal));
    }

    [Fact]
    public void Compute_NoCertificate_Throws()
    {
        var act = () => CertificateSetDigest.OfPemBundle("not a certificate");

        act.Should().Throw<ArgumentException>();
    }

    public void Dispose()
    {
        _first.Dispose();
        _second.Dispose();
    }
}
