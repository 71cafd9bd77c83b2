using System.Numerics;

namespace McpGate.Core.Crypto;

/// <summary>
/// Checks an encoded Ed25519 public key before OpenSSL ever sees it. OpenSSL accepts signatures
/// under small-order keys (anyone can forge those), so we refuse them here, as libsodium does,
/// together with non-canonical encodings and points that are not on the curve (RFC 8032 5.1.3).
/// Public keys are public: these checks need not run in constant time.
/// </summary>
internal static class Ed25519PointCheck
{
    private static readonly BigInteger s_p = BigInteger.Pow(2, 255) - 19;

    // d = -121665 / 121666 mod p
    private static readonly BigInteger s_d = Mod(-121665 * BigInteger.ModPow(121666, s_p - 2, s_p));

    // libsodium's list (ge25519_has_small_order), compared with the sign bit masked, so each
    // entry also covers its other x sign. Includes the non-canonical encodings p and p + 1.
    private static readonly byte[][] s_smallOrder =
    [
        Convert.FromHexString("0000000000000000000000000000000000000000000000000000000000000000"), // order 4
        Convert.FromHexString("0100000000000000000000000000000000000000000000000000000000000000"), // identity, order 1
        Convert.FromHexString("26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05"), // order 8
        Convert.FromHexString("c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a"), // order 8
        Convert.FromHexString("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"), // p - 1, order 2
        Convert.FromHexString("edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"), // p = 0, order 4
        Convert.FromHexString("eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"), // p + 1 = 1, order 1
    ];

    /// <summary>Null when <paramref name="encoded"/> is an acceptable public key; otherwise why it is not.</summary>
    internal static string? FindProblem(ReadOnlySpan<byte> encoded)
    {
        if (encoded.Length != 32)
        {
            return $"an Ed25519 public key is 32 bytes; got {encoded.Length}";
        }

        if (IsSmallOrder(encoded))
        {
            return "the key is a small-order point (signatures under it can be forged)";
        }

        var y = new BigInteger(encoded[..31], isUnsigned: true) + ((BigInteger)(encoded[31] & 0x7f) << 248);
        if (y >= s_p)
        {
            return "the key is not canonically encoded (y >= 2^255 - 19)";
        }

        var xNegative = (encoded[31] & 0x80) != 0;
        var y2 = y * y % s_p;
        var u = Mod(y2 - 1);
        var v = Mod((s_d * y2) + 1);
        var x2 = u * BigInteger.ModPow(v, s_p - 2, s_p) % s_p;
        if (x2.IsZero)
        {
            return xNegative ? "the key is not canonically encoded (x = 0 with the sign bit set)" : null;
        }

        // Euler's criterion: x^2 must be a square mod p for the point to exist.
        return BigInteger.ModPow(x2, (s_p - 1) / 2, s_p).IsOne ? null : "the key is not a point on the Ed25519 curve";
    }

    private static bool IsSmallOrder(ReadOnlySpan<byte> encoded)
    {
        foreach (var entry in s_smallOrder)
        {
            if (encoded[..31].SequenceEqual(entry.AsSpan(0, 31)) && (encoded[31] & 0x7f) == entry[31])
            {
                return true;
            }
        }

        return false;
    }

    private static BigInteger Mod(BigInteger value)
    {
        var r = value % s_p;
        return r.Sign < 0 ? r + s_p : r;
    }
}
