using McpGate.Core.Cluster;

namespace McpGate.Core.Tests.Cluster;

public sealed class ClusterServerUrlTests
{
    public static TheoryData<string, string> Spellings => new()
    {
        { "https://kube.example.com:6443", "https://kube.example.com:6443" },
        { "https://kube.example.com:6443/", "https://kube.example.com:6443" },
        { "https://KUBE.Example.COM:6443", "https://kube.example.com:6443" },
        { "HTTPS://kube.example.com:6443", "https://kube.example.com:6443" },
        { "https://kube.example.com", "https://kube.example.com:443" },
        { "https://kube.example.com:443/", "https://kube.example.com:443" },
        { "http://kube.example.com", "http://kube.example.com:80" },
        { "https://admin:s3cret@kube.example.com:6443", "https://kube.example.com:6443" },
        { "https://token@KUBE.example.com/", "https://kube.example.com:443" },
        { "https://kube.example.com:6443/?watch=1#frag", "https://kube.example.com:6443" },
        { "https://rancher.example.com/k8s/clusters/c-42/", "https://rancher.example.com:443/k8s/clusters/c-42" },
        { "https://127.0.0.1:8443", "https://127.0.0.1:8443" },
        { "https://[::1]:6443/", "https://[::1]:6443" },
        { "  https://kube.example.com:6443  ", "https://kube.example.com:6443" },
    };

    [Theory]
    [MemberData(nameof(Spellings))]
    public void Normalize_SpellingOfOneServer_GivesOneForm(string spelling, string expected) =>
        ClusterServerUrl.Normalize(spelling).Should().Be(expected);

    [Theory]
    [InlineData("https://kube.example.com:6443", "https://kube.example.com:6444")]
    [InlineData("https://kube.example.com", "http://kube.example.com")]
    [InlineData("https://kube-a.example.com", "https://kube-b.example.com")]
    [InlineData("https://proxy.example.com/k8s/clusters/a", "https://proxy.example.com/k8s/clusters/b")]
    public void Normalize_DifferentServers_StayDifferent(string a, string b) =>
        ClusterServerUrl.Normalize(a).Should().NotBe(ClusterServerUrl.Normalize(b));

    [Theory]
    [InlineData("kube.example.com:6443")]
    [InlineData("/relative/path")]
    [InlineData("ftp://kube.example.com")]
    [InlineData("file:///etc/kube")]
    [InlineData("")]
    public void Normalize_NotAnHttpUrl_ThrowsFormatException(string server)
    {
        var act = () => ClusterServerUrl.Normalize(server);

        act.Should().Throw<FormatException>().WithMessage("*server*");
    }

    [Fact]
    public void Normalize_RejectedUrlWithUserInfo_DoesNotEchoThePassword()
    {
        var act = () => ClusterServerUrl.Normalize("ftp://admin:hunter2@kube.example.com");

        act.Should().Throw<FormatException>().Which.Message.Should().NotContain("hunter2");
    }
}
