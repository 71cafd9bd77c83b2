using Microsoft.Win32.SafeHandles;

namespace McpGate.Core.Crypto.Native;

/// <summary>Owns an OpenSSL <c>EVP_MD_CTX*</c>.</summary>
internal sealed class EvpMdContextHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public EvpMdContextHandle()
        : base(ownsHandle: true)
    {
    }

    protected override bool ReleaseHandle()
    {
        LibCrypto.EvpMdCtxFree(handle);
        return true;
    }
}
