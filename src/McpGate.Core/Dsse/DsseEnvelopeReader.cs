using System.Text.Json;

namespace McpGate.Core.Dsse;

/// <summary>Turns envelope JSON into a <see cref="DsseEnvelope"/>, strictly: every rule broken is named.</summary>
internal static class DsseEnvelopeReader
{
    private static readonly JsonDocumentOptions s_options = new() { MaxDepth = 16 };

    internal static DsseEnvelope Read(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, s_options);
        }
        catch (JsonException ex)
        {
            throw new DsseFormatException($"DSSE envelope: not valid JSON ({ex.Message})", ex);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new DsseFormatException($"DSSE envelope: must be a JSON object, not {Describe(root.ValueKind)}");
            }

            EnsureUniqueProperties(root, "envelope");
            var payloadType = RequiredString(root, "payloadType", "envelope");
            if (payloadType.Length == 0)
            {
                throw new DsseFormatException("DSSE envelope: 'payloadType' must not be empty");
            }

            var payload = Base64(RequiredString(root, "payload", "envelope"), "payload");
            if (!root.TryGetProperty("signatures", out var signatures))
            {
                throw new DsseFormatException("DSSE envelope: 'signatures' is required");
            }

            if (signatures.ValueKind != JsonValueKind.Array)
            {
                throw new DsseFormatException($"DSSE envelope: 'signatures' must be an array, not {Describe(signatures.ValueKind)}");
            }

            if (signatures.GetArrayLength() == 0)
            {
                throw new DsseFormatException("DSSE envelope: 'signatures' must contain at least one signature");
            }

            var list = new List<DsseSignature>();
            foreach (var item in signatures.EnumerateArray())
            {
                list.Add(ReadSignature(item, $"signatures[{list.Count}]"));
            }

            return new DsseEnvelope { PayloadType = payloadType, Payload = payload, Signatures = list.AsReadOnly() };
        }
    }

    private static DsseSignature ReadSignature(JsonElement item, string where)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            throw new DsseFormatException($"DSSE envelope: '{where}' must be an object, not {Describe(item.ValueKind)}");
        }

        EnsureUniqueProperties(item, where);
        var keyId = string.Empty;
        if (item.TryGetProperty("keyid", out var keyIdElement) && keyIdElement.ValueKind != JsonValueKind.Null)
        {
            keyId = keyIdElement.ValueKind == JsonValueKind.String
                ? keyIdElement.GetString()!
                : throw new DsseFormatException($"DSSE envelope: '{where}.keyid' must be a string, not {Describe(keyIdElement.ValueKind)}");
        }

        var sig = Base64(RequiredString(item, "sig", where), $"{where}.sig");
        if (sig.Length == 0)
        {
            throw new DsseFormatException($"DSSE envelope: '{where}.sig' must not be empty");
        }

        return new DsseSignature { KeyId = keyId, Sig = sig };
    }

    private static string RequiredString(JsonElement parent, string name, string where)
    {
        var path = where == "envelope" ? name : $"{where}.{name}";
        if (!parent.TryGetProperty(name, out var element))
        {
            throw new DsseFormatException($"DSSE envelope: '{path}' is required");
        }

        return element.ValueKind == JsonValueKind.String
            ? element.GetString()!
            : throw new DsseFormatException($"DSSE envelope: '{path}' must be a string, not {Describe(element.ValueKind)}");
    }

    private static byte[] Base64(string text, string path) =>
        DsseBase64.TryDecode(text, out var bytes)
            ? bytes
            : throw new DsseFormatException($"DSSE envelope: '{path}' is not base64 (standard or URL-safe)");

    // Duplicate keys would let two parsers see two different envelopes in the same bytes.
    private static void EnsureUniqueProperties(JsonElement element, string where)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            if (!seen.Add(property.Name))
            {
                throw new DsseFormatException($"DSSE envelope: {where} has the property '{property.Name}' more than once");
            }
        }
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => kind.ToString(),
    };
}
