using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace McpGate.Server.Notifications;

/// <summary>
/// The webhook's signature: <c>X-McpGate-Signature: sha256=</c> and the lower-case hex of
/// HMAC-SHA256(key, timestamp + "." + body), where the timestamp is <c>X-McpGate-Timestamp</c>
/// (Unix seconds). Signing the timestamp lets a receiver refuse an old request replayed later.
/// </summary>
public static class NotificationSignature
{
    public const string SignatureHeader = "X-McpGate-Signature";
    public const string TimestampHeader = "X-McpGate-Timestamp";
    public const string DeliveryHeader = "X-McpGate-Delivery";
    public const string EventHeader = "X-McpGate-Event";

    public static string Sign(ReadOnlySpan<byte> key, long timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.ASCII.GetBytes(timestamp.ToString(CultureInfo.InvariantCulture) + ".");
        var message = new byte[prefix.Length + body.Length];
        prefix.CopyTo(message, 0);
        body.CopyTo(message.AsSpan(prefix.Length));
        return "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(key, message));
    }

    /// <summary>True when <paramref name="signature"/> is <see cref="Sign"/>'s value for these, compared in constant time.</summary>
    public static bool Verify(ReadOnlySpan<byte> key, long timestamp, ReadOnlySpan<byte> body, string? signature) =>
        signature is not null && CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(Sign(key, timestamp, body)), Encoding.ASCII.GetBytes(signature));
}
