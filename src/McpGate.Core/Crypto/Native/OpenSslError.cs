using System.Security.Cryptography;
using System.Text;

namespace McpGate.Core.Crypto.Native;

/// <summary>Drains OpenSSL's thread-local error queue into exception text.</summary>
internal static class OpenSslError
{
    /// <summary>Forgets errors left by earlier calls on this thread so they are not blamed on the next one.</summary>
    internal static void Clear() => LibCrypto.ErrClearError();

    /// <summary>Builds an exception for a failed call, naming the call and every queued OpenSSL error.</summary>
    internal static CryptographicException Create(string function)
    {
        var errors = new List<string>();
        Span<byte> buffer = stackalloc byte[256];
        for (var code = LibCrypto.ErrGetError(); code.Value != 0; code = LibCrypto.ErrGetError())
        {
            buffer.Clear();
            LibCrypto.ErrErrorStringN(code, buffer, (nuint)buffer.Length);
            var length = buffer.IndexOf((byte)0);
            errors.Add(Encoding.ASCII.GetString(length < 0 ? buffer : buffer[..length]));
        }

        var detail = errors.Count == 0 ? "no OpenSSL error was queued" : string.Join("; ", errors);
        return new CryptographicException($"OpenSSL {function} failed: {detail}");
    }
}
