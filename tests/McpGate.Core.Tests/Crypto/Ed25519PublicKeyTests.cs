using McpGate.Core.Crypto;
using McpGate.Core.Crypto.Native;

namespace McpGate.Core.Tests.Crypto;

public sealed class Ed25519PublicKeyTests
{
    private const string Test1PublicKey = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";

    // libsodium's small-order list, each with the sign bit clear and set.
    public static TheoryData<string> SmallOrderEncodings => new()
    {
        "0000000000000000000000000000000000000000000000000000000000000000",
        "0000000000000000000000000000000000000000000000000000000000000080",
        "0100000000000000000000000000000000000000000000000000000000000000",
        "0100000000000000000000000000000000000000000000000000000000000080",
        "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
        "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85",
        "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
        "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa",
        "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
        "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
        "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
    };

    // y >= p = 2^255 - 19 that are not on the small-order list.
    public static TheoryData<string> NonCanonicalEncodings => new()
    {
        "efffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        "f0ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
    };

    [Theory]
    [MemberData(nameof(SmallOrderEncodings))]
    public void FromBytes_SmallOrderPoint_Throws(string hex)
    {
        var act = () => Ed25519PublicKey.FromBytes(Convert.FromHexString(hex));

        act.Should().Throw<KeyFormatException>().WithMessage("*small-order*");
    }

    [Theory]
    [MemberData(nameof(NonCanonicalEncodings))]
    public void FromBytes_NonCanonicalY_Throws(string hex)
    {
        var act = () => Ed25519PublicKey.FromBytes(Convert.FromHexString(hex));

        act.Should().Throw<KeyFormatException>().WithMessage("*not canonically encoded*");
    }

    [Fact]
    public void FromBytes_PointNotOnCurve_Throws()
    {
        // y = 2 gives an x^2 that is not a square mod p.
        var act = () => Ed25519PublicKey.FromBytes(Convert.FromHexString("0200000000000000000000000000000000000000000000000000000000000000"));

        act.Should().Throw<KeyFormatException>().WithMessage("*not a point on the Ed25519 curve*");
    }

    [Fact]
    public void FromBytes_ZeroXWithSignBit_Throws()
    {
        // (x = 0, y = -1) encoded with the sign bit set: a "negative zero" x.
        var act = () => Ed25519PublicKey.FromBytes(Convert.FromHexString("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"));

        act.Should().Throw<KeyFormatException>();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(33)]
    [InlineData(64)]
    public void FromBytes_WrongLength_ThrowsNamingLength(int length)
    {
        var act = () => Ed25519PublicKey.FromBytes(new byte[length]);

        act.Should().Throw<KeyFormatException>().WithMessage($"*32 bytes; got {length}*");
    }

    [Fact]
    public void Verify_IdentityKeyForgery_IsAcceptedByOpenSslButKeyIsRefused()
    {
        // Why FromBytes must check: with A = identity, R = identity and S = 0 satisfy [S]B = R + [k]A
        // for every message, and OpenSSL alone accepts it.
        var identity = Convert.FromHexString("0100000000000000000000000000000000000000000000000000000000000000");
        var forged = new byte[64];
        forged[0] = 0x01;

        Ed25519Native.Verify(identity, "approve everything"u8, forged).Should().BeTrue();
        var act = () => Ed25519PublicKey.FromBytes(identity);
        act.Should().Throw<KeyFormatException>();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(63)]
    [InlineData(65)]
    public void Verify_WrongSignatureLength_ReturnsFalse(int length)
    {
        var key = Ed25519PublicKey.FromBytes(Convert.FromHexString(Test1PublicKey));

        key.Verify([], new byte[length]).Should().BeFalse();
    }

    [Fact]
    public void ToString_RawKey_IsEd25519PrefixedBase64()
    {
        var raw = Convert.FromHexString(Test1PublicKey);

        Ed25519PublicKey.FromBytes(raw).ToString().Should().Be("ed25519:" + Convert.ToBase64String(raw));
    }

    [Fact]
    public void KeyId_RawKey_IsLowerHexSha256OfRawBytes()
    {
        var raw = Convert.FromHexString(Test1PublicKey);

        Ed25519PublicKey.FromBytes(raw).KeyId.Should().Be(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(raw)));
    }

    [Fact]
    public void Parse_ToStringForm_RoundTrips()
    {
        var key = Ed25519PublicKey.FromBytes(Convert.FromHexString(Test1PublicKey));

        Ed25519PublicKey.Parse("  " + key + "\n").Should().Be(key);
    }

    [Fact]
    public void Parse_Pem_RoundTrips()
    {
        var key = Ed25519PublicKey.FromBytes(Convert.FromHexString(Test1PublicKey));

        Ed25519PublicKey.Parse(key.ToPem()).Should().Be(key);
    }

    [Theory]
    [InlineData("ed25519:not base64!")]
    [InlineData("ed25519:AAAA")]
    [InlineData("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")]
    [InlineData("")]
    public void Parse_Malformed_Throws(string text)
    {
        var act = () => Ed25519PublicKey.Parse(text);

        act.Should().Throw<KeyFormatException>();
    }

    [Fact]
    public void ToPem_Test1Key_IsRfc8410Spki()
    {
        var key = Ed25519PublicKey.FromBytes(Convert.FromHexString(Test1PublicKey));

        key.ToPem().Should().Be(
            "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=\n-----END PUBLIC KEY-----\n");
        Ed25519PublicKey.FromPem(key.ToPem()).Should().Be(key);
    }

    [Fact]
    public void FromPem_PrivateKeyPem_ThrowsSayingItIsPrivate()
    {
        using var key = Ed25519PrivateKey.Generate();

        var act = () => Ed25519PublicKey.FromPem(key.ToPem());

        act.Should().Throw<KeyFormatException>().WithMessage("*private key*").Which.Message.Should().NotContain(key.ToPem()[28..60]);
    }

    [Fact]
    public void FromPem_RsaPublicKey_ThrowsNamingRsa()
    {
        using var rsa = System.Security.Cryptography.RSA.Create(2048);

        var act = () => Ed25519PublicKey.FromPem(rsa.ExportSubjectPublicKeyInfoPem());

        act.Should().Throw<KeyFormatException>().WithMessage("*RSA*");
    }

    [Fact]
    public void FromPem_NotPem_Throws()
    {
        var act = () => Ed25519PublicKey.FromPem("hello");

        act.Should().Throw<KeyFormatException>().WithMessage("*no PEM block*");
    }

    [Fact]
    public void Equals_SameBytes_IsTrueAndHashesMatch()
    {
        var a = Ed25519PublicKey.FromBytes(Convert.FromHexString(Test1PublicKey));
        var b = Ed25519PublicKey.FromBytes(Convert.FromHexString(Test1PublicKey));

        a.Should().Be(b);
        a.GetHashCode().Should().Be(b.GetHashCode());
        a.ToBytes().Should().NotBeSameAs(a.ToBytes());
    }
}
