using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace McpGate.Core.Dsse;

/// <summary>
/// A DSSE envelope (https://github.com/secure-systems-lab/dsse). The payload is opaque until a
/// signature over its PAE has been verified with <see cref="DsseVerifier"/>.
/// </summary>
public sealed record DsseEnvelope
{
    // Plain JSON for files and tools, not HTML: keep '+' in base64 and media types readable.
    private static readonly JsonWriterOptions s_writerOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public required string PayloadType { get; init; }

    public required byte[] Payload { get; init; }

    public required IReadOnlyList<DsseSignature> Signatures { get; init; }

    /// <summary>
    /// <c>{"payload":b64,"payloadType":..,"signatures":[{"keyid":..,"sig":b64}]}</c> with standard,
    /// padded base64, compact, keys in that order.
    /// </summary>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, s_writerOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("payload", Convert.ToBase64String(Payload));
            writer.WriteString("payloadType", PayloadType);
            writer.WriteStartArray("signatures");
            foreach (var signature in Signatures)
            {
                writer.WriteStartObject();
                writer.WriteString("keyid", signature.KeyId);
                writer.WriteString("sig", Convert.ToBase64String(signature.Sig));
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
    }

    /// <summary>
    /// Parses envelope JSON. Base64 may be standard or URL-safe, padded or not. Throws
    /// <see cref="DsseFormatException"/> naming the field and the rule it breaks.
    /// </summary>
    public static DsseEnvelope Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return DsseEnvelopeReader.Read(json);
    }
}
