using McpGate.Core.Cluster;

namespace McpGate.Core.Tests.Cluster;

public sealed class ClusterIdentityTests
{
    private const string Digest = "sha256:0b1a7f2f4f7b0d4a4f8e4a3d07c7a2f76f1b9a7c1c4b2c0a1e7d4b8a9c3f2e10";
    private const string OtherDigest = "sha256:9b1a7f2f4f7b0d4a4f8e4a3d07c7a2f76f1b9a7c1c4b2c0a1e7d4b8a9c3f2e10";
    private const string Uid = "8f9c2b1e-3c1d-4e7a-9a51-6f0e2d3c4b5a";

    [Theory]
    [InlineData("https://kube.example.com:443")]
    [InlineData("https://kube.example.com/")]
    [InlineData("https://KUBE.example.com")]
    [InlineData("https://user:pw@kube.example.com:443/")]
    public void Create_SpellingsOfOneServer_GiveOneIdentity(string spelling)
    {
        var canonical = ClusterIdentity.Create("https://kube.example.com", Digest, ClusterIdentity.CaBundle, null);

        ClusterIdentity.Create(spelling, Digest, ClusterIdentity.CaBundle, null).Should().Be(canonical);
    }

    [Fact]
    public void Create_WithKubeSystemUid_IdIsTheUid_WhateverTheUrlOrCertificate()
    {
        var a = ClusterIdentity.Create("https://kube.example.com", Digest, ClusterIdentity.CaBundle, Uid);
        var b = ClusterIdentity.Create("https://10.0.0.1:6443", OtherDigest, ClusterIdentity.ServerChain, Uid.ToUpperInvariant());

        a.Id.Should().Be("uid:" + Uid);
        b.Id.Should().Be(a.Id);
        a.Differences(b).Should().Equal("server", "certificate", "kube-system uid");
    }

    [Theory]
    [InlineData("https://kube-b.example.com", Digest)]
    [InlineData("https://kube.example.com:6443", Digest)]
    [InlineData("https://kube.example.com", OtherDigest)]
    public void Create_WithoutUid_IdChangesWithUrlOrCertificate(string server, string digest)
    {
        var reference = ClusterIdentity.Create("https://kube.example.com", Digest, ClusterIdentity.CaBundle, null);

        var other = ClusterIdentity.Create(server, digest, ClusterIdentity.CaBundle, null);

        reference.Id.Should().StartWith("endpoint:");
        other.Id.Should().NotBe(reference.Id);
        reference.Differences(other).Should().Contain("id");
    }

    [Fact]
    public void Create_WithoutUid_IdIsStableAndHasNoContextName()
    {
        var first = ClusterIdentity.Create("https://kube.example.com", Digest, ClusterIdentity.CaBundle, null);
        var second = ClusterIdentity.Create("https://kube.example.com/", Digest, ClusterIdentity.CaBundle, null);

        second.Id.Should().Be(first.Id).And.MatchRegex("^endpoint:[0-9a-f]{32}$");
    }

    [Fact]
    public void Create_PlainHttp_HasNoCertificate()
    {
        var identity = ClusterIdentity.Create("http://127.0.0.1:8080", null, ClusterIdentity.NoCertificate, Uid);

        identity.CertificateDigest.Should().BeNull();
        identity.Server.Should().Be("http://127.0.0.1:8080");
    }

    [Theory]
    [InlineData(null, ClusterIdentity.CaBundle, null)]
    [InlineData(Digest, ClusterIdentity.NoCertificate, null)]
    [InlineData("md5:abc", ClusterIdentity.CaBundle, null)]
    [InlineData(Digest, "pinned", null)]
    [InlineData(Digest, ClusterIdentity.CaBundle, "")]
    [InlineData(Digest, ClusterIdentity.CaBundle, "uid\n")]
    [InlineData(Digest, ClusterIdentity.CaBundle, "a/b")]
    public void Create_InconsistentFields_ThrowsFormatException(string? digest, string source, string? uid)
    {
        var act = () => ClusterIdentity.Create("https://kube.example.com", digest, source, uid);

        act.Should().Throw<FormatException>();
    }

    [Fact]
    public void Differences_SameIdentity_IsEmpty()
    {
        var a = ClusterIdentity.Create("https://kube.example.com", Digest, ClusterIdentity.CaBundle, Uid);

        a.Differences(a with { }).Should().BeEmpty();
        a.ToString().Should().Be($"https://kube.example.com:443 (id uid:{Uid})");
    }
}
