using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using McpGate.Core.Crypto;
using McpGate.Core.Crypto.Native;

namespace McpGate.Core.Tests.Crypto;

/// <summary>Verification answers true only for a valid signature: OpenSSL errors and bad input are false, never an exception or a pass.</summary>
public sealed class Ed25519PublicKeyFailClosedTests
{
    private static readonly byte[] s_message = Encoding.UTF8.GetBytes("scale demo/web to 4");

    [Fact]
    public void Verify_ValidSignature_IsTrue_AndAnyChangeMakesItFalse()
    {
        using var key = Ed25519PrivateKey.Generate();
        var signature = key.Sign(s_message);

        key.PublicKey.Verify(s_message, signature).Should().BeTrue();
        key.PublicKey.Verify(Encoding.UTF8.GetBytes("scale demo/web to 5"), signature).Should().BeFalse();
        var flipped = (byte[])signature.Clone();
        flipped[10] ^= 1;
        key.PublicKey.Verify(s_message, flipped).Should().BeFalse();
    }

    [Fact]
    public void Verify_WhenOpenSslRefusesTheKey_IsFalse()
    {
        using var key = Ed25519PrivateKey.Generate();
        var signature = key.Sign(s_message);
        var broken = Ed25519PublicKey.Parse(key.PublicKey.ToString());
        // A key OpenSSL cannot import (31 bytes): the native call throws, and Verify must fail closed.
        typeof(Ed25519PublicKey).GetField("_raw", BindingFlags.NonPublic | BindingFlags.Instance)!.SetValue(broken, key.PublicKey.ToBytes()[..31]);

        var native = () => Ed25519Native.Verify(key.PublicKey.ToBytes().AsSpan(0, 31), s_message, signature);
        native.Should().Throw<CryptographicException>();
        broken.Verify(s_message, signature).Should().BeFalse();
    }

    public static TheoryData<string, string> BadText => new()
    {
        { "ed25519:not base64!", "invalid Ed25519 public key: expected 'ed25519:' followed by the base64 of 32 bytes" },
        { "ed25519:" + Convert.ToBase64String(new byte[33]), "invalid Ed25519 public key: an Ed25519 public key is 32 bytes; got 33" },
        { "ed25519:" + Convert.ToBase64String(new byte[34]), "invalid Ed25519 public key: expected 'ed25519:' followed by the base64 of 32 bytes" },
        { "ED25519:" + Convert.ToBase64String(new byte[32]), "invalid Ed25519 public key: expected 'ed25519:<base64>' or a '-----BEGIN PUBLIC KEY-----' PEM" },
        { "ssh-ed25519 AAAA", "invalid Ed25519 public key: expected 'ed25519:<base64>' or a '-----BEGIN PUBLIC KEY-----' PEM" },
        { "ed25519:" + Convert.ToBase64String(new byte[31]), "invalid Ed25519 public key: " },
    };

    [Theory]
    [MemberData(nameof(BadText))]
    public void Parse_BadText_ThrowsNamingTheExpectedForm(string text, string message)
    {
        var act = () => Ed25519PublicKey.Parse(text);

        act.Should().Throw<KeyFormatException>().Which.Message.Should().StartWith(message);
    }

    [Fact]
    public void Parse_PemWithSurroundingWhitespace_IsTheSameKey()
    {
        using var key = Ed25519PrivateKey.Generate();

        Ed25519PublicKey.Parse("\n  " + key.PublicKey.ToPem() + "  \n").Should().Be(key.PublicKey);
    }

    [Fact]
    public void Equals_DifferentKeysNullAndOtherTypes_AreNotEqual()
    {
        using var a = Ed25519PrivateKey.Generate();
        using var b = Ed25519PrivateKey.Generate();

        var key = a.PublicKey;
        var text = key.ToString();
        Ed25519PublicKey? noKey = null;
        object? nothing = null;

        key.Equals(b.PublicKey).Should().BeFalse();
        key.Equals(noKey).Should().BeFalse();
        key.Equals(nothing).Should().BeFalse();
        key.Equals(text).Should().BeFalse();
        key.Equals((object)Ed25519PublicKey.Parse(text)).Should().BeTrue();
    }
}
