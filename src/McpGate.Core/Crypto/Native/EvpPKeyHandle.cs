using Microsoft.Win32.SafeHandles;

namespace McpGate.Core.Crypto.Native;

/// <summary>Owns an OpenSSL <c>EVP_PKEY*</c>; OpenSSL clears private key material when it is freed.</summary>
internal sealed class EvpPKeyHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public EvpPKeyHandle()
        : base(ownsHandle: true)
    {
    }

    protected override bool ReleaseHandle()
    {
        LibCrypto.EvpPKeyFree(handle);
        return true;
    }
}
