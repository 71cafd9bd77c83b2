using System.Security.Cryptography;
using McpGate.Core.Crypto;

namespace McpGate.Core.Tests.Crypto;

public sealed class Ed25519PrivateKeyTests
{
    private const string Test1Seed = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";

    [Fact]
    public void Generate_TwoKeys_AreDistinctAndSignVerifiably()
    {
        using var first = Ed25519PrivateKey.Generate();
        using var second = Ed25519PrivateKey.Generate();
        var message = "change 42"u8.ToArray();

        first.PublicKey.Should().NotBe(second.PublicKey);
        first.PublicKey.Verify(message, first.Sign(message)).Should().BeTrue();
        second.PublicKey.Verify(message, first.Sign(message)).Should().BeFalse();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(33)]
    [InlineData(64)]
    public void FromSeed_WrongLength_Throws(int length)
    {
        var act = () => Ed25519PrivateKey.FromSeed(new byte[length]);

        act.Should().Throw<KeyFormatException>().WithMessage($"*32 bytes; got {length}*");
    }

    [Fact]
    public void ToPem_Test1Seed_IsRfc8410Pkcs8AndRoundTrips()
    {
        using var key = Ed25519PrivateKey.FromSeed(Convert.FromHexString(Test1Seed));

        var pem = key.ToPem();
        using var reread = Ed25519PrivateKey.FromPem(pem);

        pem.Should().StartWith("-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEI").And.EndWith("-----END PRIVATE KEY-----\n");
        reread.PublicKey.Should().Be(key.PublicKey);
        reread.Sign("x"u8).Should().Equal(key.Sign("x"u8));
    }

    [Fact]
    public void FromPem_Pkcs8V2WithMatchingPublicKey_IsAccepted()
    {
        using var key = Ed25519PrivateKey.FromSeed(Convert.FromHexString(Test1Seed));

        using var reread = Ed25519PrivateKey.FromPem(Pkcs8V2(Convert.FromHexString(Test1Seed), key.PublicKey.ToBytes()));

        reread.PublicKey.Should().Be(key.PublicKey);
    }

    [Fact]
    public void FromPem_Pkcs8V2WithOtherPublicKey_Throws()
    {
        using var other = Ed25519PrivateKey.Generate();

        var act = () => Ed25519PrivateKey.FromPem(Pkcs8V2(Convert.FromHexString(Test1Seed), other.PublicKey.ToBytes()));

        act.Should().Throw<KeyFormatException>().WithMessage("*does not match*");
    }

    public static TheoryData<string, string> ForeignPrivateKeys => new()
    {
        { "rsa-pkcs8", "*RSA*" },
        { "rsa-pkcs1", "*RSA*" },
        { "ec-pkcs8", "*EC*" },
        { "ec-sec1", "*EC*" },
        { "encrypted", "*encrypted*" },
        { "public", "*public key*" },
    };

    [Theory]
    [MemberData(nameof(ForeignPrivateKeys))]
    public void FromPem_ForeignKey_ThrowsNamingType(string kind, string expectedMessage)
    {
        var pem = ForeignPem(kind);

        var act = () => Ed25519PrivateKey.FromPem(pem);

        act.Should().Throw<KeyFormatException>().WithMessage(expectedMessage);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a key")]
    [InlineData("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n")]
    [InlineData("-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIA==\n-----END PRIVATE KEY-----\n")]
    public void FromPem_Malformed_ThrowsKeyFormatException(string pem)
    {
        var act = () => Ed25519PrivateKey.FromPem(pem);

        act.Should().Throw<KeyFormatException>();
    }

    [Fact]
    public void FromPem_TrailingGarbageInDer_Throws()
    {
        var der = Convert.FromHexString("302f020100300506032b6570042204209d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f6000");
        var act = () => Ed25519PrivateKey.FromPem(PemEncoding.WriteString("PRIVATE KEY", der));

        act.Should().Throw<KeyFormatException>().Which.Message.Should().NotContain("9d61b19d");
    }

    [Fact]
    public void Sign_AfterDispose_ThrowsObjectDisposed()
    {
        var key = Ed25519PrivateKey.Generate();
        key.Dispose();

        var act = () => key.Sign("x"u8);

        act.Should().Throw<ObjectDisposedException>();
        key.Invoking(k => k.Dispose()).Should().NotThrow();
    }

    [Fact]
    public void ToString_DoesNotRevealSeed()
    {
        using var key = Ed25519PrivateKey.FromSeed(Convert.FromHexString(Test1Seed));

        key.ToString().Should().Contain(key.PublicKey.ToString()).And.NotContain(Convert.ToBase64String(Convert.FromHexString(Test1Seed)));
    }

    private static string Pkcs8V2(byte[] seed, byte[] publicKey)
    {
        var writer = new System.Formats.Asn1.AsnWriter(System.Formats.Asn1.AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteInteger(1);
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier("1.3.101.112");
            }

            var inner = new System.Formats.Asn1.AsnWriter(System.Formats.Asn1.AsnEncodingRules.DER);
            inner.WriteOctetString(seed);
            writer.WriteOctetString(inner.Encode());
            writer.WriteBitString(publicKey, 0, new System.Formats.Asn1.Asn1Tag(System.Formats.Asn1.TagClass.ContextSpecific, 1));
        }

        return PemEncoding.WriteString("PRIVATE KEY", writer.Encode());
    }

    private static string ForeignPem(string kind)
    {
        switch (kind)
        {
            case "rsa-pkcs8":
            case "rsa-pkcs1":
                using (var rsa = RSA.Create(2048))
                {
                    return kind == "rsa-pkcs8" ? rsa.ExportPkcs8PrivateKeyPem() : rsa.ExportRSAPrivateKeyPem();
                }

            case "ec-pkcs8":
            case "ec-sec1":
            case "encrypted":
                using (var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256))
                {
                    return kind switch
                    {
                        "ec-pkcs8" => ec.ExportPkcs8PrivateKeyPem(),
                        "ec-sec1" => ec.ExportECPrivateKeyPem(),
                        _ => ec.ExportEncryptedPkcs8PrivateKeyPem("pw", new PbeParameters(PbeEncryptionAlgorithm.Aes128Cbc, HashAlgorithmName.SHA256, 1000)),
                    };
                }

            default:
                using (var key = Ed25519PrivateKey.Generate())
                {
                    return key.PublicKey.ToPem();
                }
        }
    }
}
