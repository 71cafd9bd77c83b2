namespace McpGate.Core.Crypto.Native;

/// <summary>Ed25519 (RFC 8032, pure) through OpenSSL's EVP interface with a NULL digest.</summary>
internal static class Ed25519Native
{
    internal const int SeedSize = 32;
    internal const int PublicKeySize = 32;
    internal const int SignatureSize = 64;

    internal static EvpPKeyHandle ImportPrivateKey(ReadOnlySpan<byte> seed)
    {
        OpenSslError.Clear();
        var key = LibCrypto.EvpPKeyNewRawPrivateKey(LibCrypto.EvpPKeyEd25519, IntPtr.Zero, seed, (nuint)seed.Length);
        if (key.IsInvalid)
        {
            key.Dispose();
            throw OpenSslError.Create("EVP_PKEY_new_raw_private_key");
        }

        return key;
    }

    internal static EvpPKeyHandle ImportPublicKey(ReadOnlySpan<byte> publicKey)
    {
        OpenSslError.Clear();
        var key = LibCrypto.EvpPKeyNewRawPublicKey(LibCrypto.EvpPKeyEd25519, IntPtr.Zero, publicKey, (nuint)publicKey.Length);
        if (key.IsInvalid)
        {
            key.Dispose();
            throw OpenSslError.Create("EVP_PKEY_new_raw_public_key");
        }

        return key;
    }

    internal static byte[] ExportPublicKey(EvpPKeyHandle key)
    {
        var publicKey = new byte[PublicKeySize];
        nuint length = PublicKeySize;
        OpenSslError.Clear();
        if (LibCrypto.EvpPKeyGetRawPublicKey(key, publicKey, ref length) != 1 || length != PublicKeySize)
        {
            throw OpenSslError.Create("EVP_PKEY_get_raw_public_key");
        }

        return publicKey;
    }

    internal static byte[] Sign(EvpPKeyHandle key, ReadOnlySpan<byte> message)
    {
        using var context = NewContext();
        OpenSslError.Clear();
        if (LibCrypto.EvpDigestSignInit(context, IntPtr.Zero, IntPtr.Zero, IntPtr.Zero, key) != 1)
        {
            throw OpenSslError.Create("EVP_DigestSignInit");
        }

        var signature = new byte[SignatureSize];
        nuint length = SignatureSize;
        if (LibCrypto.EvpDigestSign(context, signature, ref length, message, (nuint)message.Length) != 1 || length != SignatureSize)
        {
            throw OpenSslError.Create("EVP_DigestSign");
        }

        return signature;
    }

    /// <summary>True only when OpenSSL reports a valid signature; any other outcome is false.</summary>
    internal static bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        using var key = ImportPublicKey(publicKey);
        using var context = NewContext();
        OpenSslError.Clear();
        try
        {
            if (LibCrypto.EvpDigestVerifyInit(context, IntPtr.Zero, IntPtr.Zero, IntPtr.Zero, key) != 1)
            {
                throw OpenSslError.Create("EVP_DigestVerifyInit");
            }

            // 1 = valid, 0 = invalid signature, negative = error: only 1 counts.
            return LibCrypto.EvpDigestVerify(context, signature, (nuint)signature.Length, message, (nuint)message.Length) == 1;
        }
        finally
        {
            // A rejected signature leaves errors queued; do not let them leak into later calls.
            OpenSslError.Clear();
        }
    }

    private static EvpMdContextHandle NewContext()
    {
        OpenSslError.Clear();
        var context = LibCrypto.EvpMdCtxNew();
        if (context.IsInvalid)
        {
            context.Dispose();
            throw OpenSslError.Create("EVP_MD_CTX_new");
        }

        return context;
    }
}
