using McpGate.Core.Crypto;

namespace McpGate.Core.Tests.Crypto;

public sealed class Ed25519Rfc8032Tests
{
    public static TheoryData<string> Vectors => Rfc8032Vectors.Names;

    [Theory]
    [MemberData(nameof(Vectors))]
    public void FromSeed_Rfc8032Secret_DerivesRfcPublicKey(string name)
    {
        var vector = Rfc8032Vectors.Get(name);
        using var key = Ed25519PrivateKey.FromSeed(vector.SecretBytes);

        Convert.ToHexStringLower(key.PublicKey.ToBytes()).Should().Be(vector.PublicKey);
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Sign_Rfc8032Vector_GivesExactSignature(string name)
    {
        var vector = Rfc8032Vectors.Get(name);
        using var key = Ed25519PrivateKey.FromSeed(vector.SecretBytes);

        Convert.ToHexStringLower(key.Sign(vector.MessageBytes)).Should().Be(vector.Signature);
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Verify_Rfc8032Vector_ReturnsTrue(string name)
    {
        var vector = Rfc8032Vectors.Get(name);
        var key = Ed25519PublicKey.FromBytes(vector.PublicKeyBytes);

        key.Verify(vector.MessageBytes, vector.SignatureBytes).Should().BeTrue();
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Verify_FlippedSignatureBit_ReturnsFalse(string name)
    {
        var vector = Rfc8032Vectors.Get(name);
        var key = Ed25519PublicKey.FromBytes(vector.PublicKeyBytes);
        var message = vector.MessageBytes;

        for (var bit = 0; bit < 512; bit += 37)
        {
            var tampered = vector.SignatureBytes;
            tampered[bit / 8] ^= (byte)(1 << (bit % 8));
            key.Verify(message, tampered).Should().BeFalse($"bit {bit} of the signature was flipped");
        }
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Verify_FlippedMessageBit_ReturnsFalse(string name)
    {
        var vector = Rfc8032Vectors.Get(name);
        var key = Ed25519PublicKey.FromBytes(vector.PublicKeyBytes);
        var tampered = vector.MessageBytes;
        tampered = tampered.Length == 0 ? [0x00] : tampered;
        tampered[0] ^= 0x01;

        key.Verify(tampered, vector.SignatureBytes).Should().BeFalse();
    }

    [Fact]
    public void Verify_SignatureWithSPlusOrder_ReturnsFalse()
    {
        // TEST 1's signature with S replaced by S + L: same point equation, non-canonical S (malleability).
        var key = Ed25519PublicKey.FromBytes(Convert.FromHexString("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"));
        var malleated = Convert.FromHexString(
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901554c8c7872aa064e049dbb3013fbf29380d25bf5f0595bbe24655141438e7a101b");

        key.Verify([], malleated).Should().BeFalse();
    }
}
