using System.Globalization;
using System.Text;

namespace McpGate.Core.Dsse;

/// <summary>
/// DSSE pre-authentication encoding: <c>"DSSEv1" SP len(type) SP type SP len(body) SP body</c>,
/// lengths being ASCII decimal byte counts. Signatures cover these bytes, never the bare payload.
/// </summary>
public static class DssePae
{
    public static byte[] Encode(string payloadType, ReadOnlySpan<byte> payload)
    {
        ArgumentNullException.ThrowIfNull(payloadType);
        var type = Encoding.UTF8.GetBytes(payloadType);
        var header = Encoding.ASCII.GetBytes(string.Create(
            CultureInfo.InvariantCulture, $"DSSEv1 {type.Length} "));
        var middle = Encoding.ASCII.GetBytes(string.Create(
            CultureInfo.InvariantCulture, $" {payload.Length} "));
        var result = new byte[header.Length + type.Length + middle.Length + payload.Length];
        var span = result.AsSpan();
        header.CopyTo(span);
        span = span[header.Length..];
        type.CopyTo(span);
        span = span[type.Length..];
        middle.CopyTo(span);
        span = span[middle.Length..];
        payload.CopyTo(span);
        return result;
    }
}
