using System.Runtime.InteropServices;

namespace McpGate.Core.Crypto.Native;

/// <summary>
/// The few OpenSSL 3 libcrypto entry points Ed25519 needs. Callers check every return code
/// and turn failures into <see cref="System.Security.Cryptography.CryptographicException"/>
/// through <see cref="OpenSslError"/>.
/// </summary>
internal static partial class LibCrypto
{
    private const string Library = "libcrypto.so.3";

    /// <summary><c>EVP_PKEY_ED25519</c> (= <c>NID_ED25519</c>).</summary>
    internal const int EvpPKeyEd25519 = 1087;

    [LibraryImport(Library, EntryPoint = "EVP_PKEY_new_raw_private_key")]
    internal static partial EvpPKeyHandle EvpPKeyNewRawPrivateKey(int type, IntPtr engine, ReadOnlySpan<byte> key, nuint keyLength);

    [LibraryImport(Library, EntryPoint = "EVP_PKEY_new_raw_public_key")]
    internal static partial EvpPKeyHandle EvpPKeyNewRawPublicKey(int type, IntPtr engine, ReadOnlySpan<byte> key, nuint keyLength);

    [LibraryImport(Library, EntryPoint = "EVP_PKEY_get_raw_public_key")]
    internal static partial int EvpPKeyGetRawPublicKey(EvpPKeyHandle key, Span<byte> publicKey, ref nuint publicKeyLength);

    [LibraryImport(Library, EntryPoint = "EVP_PKEY_free")]
    internal static partial void EvpPKeyFree(IntPtr key);

    [LibraryImport(Library, EntryPoint = "EVP_MD_CTX_new")]
    internal static partial EvpMdContextHandle EvpMdCtxNew();

    [LibraryImport(Library, EntryPoint = "EVP_MD_CTX_free")]
    internal static partial void EvpMdCtxFree(IntPtr context);

    [LibraryImport(Library, EntryPoint = "EVP_DigestSignInit")]
    internal static partial int EvpDigestSignInit(EvpMdContextHandle context, IntPtr keyContext, IntPtr digest, IntPtr engine, EvpPKeyHandle key);

    [LibraryImport(Library, EntryPoint = "EVP_DigestSign")]
    internal static partial int EvpDigestSign(EvpMdContextHandle context, Span<byte> signature, ref nuint signatureLength, ReadOnlySpan<byte> message, nuint messageLength);

    [LibraryImport(Library, EntryPoint = "EVP_DigestVerifyInit")]
    internal static partial int EvpDigestVerifyInit(EvpMdContextHandle context, IntPtr keyContext, IntPtr digest, IntPtr engine, EvpPKeyHandle key);

    [LibraryImport(Library, EntryPoint = "EVP_DigestVerify")]
    internal static partial int EvpDigestVerify(EvpMdContextHandle context, ReadOnlySpan<byte> signature, nuint signatureLength, ReadOnlySpan<byte> message, nuint messageLength);

    [LibraryImport(Library, EntryPoint = "ERR_get_error")]
    internal static partial CULong ErrGetError();

    [LibraryImport(Library, EntryPoint = "ERR_error_string_n")]
    internal static partial void ErrErrorStringN(CULong error, Span<byte> buffer, nuint bufferLength);

    [LibraryImport(Library, EntryPoint = "ERR_clear_error")]
    internal static partial void ErrClearError();
}
