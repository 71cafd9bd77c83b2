using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace McpGate.Core.Reads;

/// <summary>
/// What never leaves the gate through a read: Secret values, the last-applied annotation (it can embed a
/// Secret's data), managed fields, private keys and bearer tokens anywhere in a string, and the values of
/// environment variables whose names say they hold credentials. Works on a copy; the input is untouched.
/// </summary>
public static partial class Redaction
{
    public const string LastApplied = "kubectl.kubernetes.io/last-applied-configuration";

    /// <summary>A redacted copy of <paramref name="obj"/>.</summary>
    public static JsonObject Redact(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var copy = (JsonObject)obj.DeepClone();
        if (copy["metadata"] is JsonObject metadata)
        {
            metadata.Remove("managedFields");
            if (metadata["annotations"] is JsonObject annotations && annotations[LastApplied] is { } applied)
            {
                annotations[LastApplied] = $"<redacted: {Bytes(applied)} bytes; it can embed Secret data>";
            }
        }

        if (copy["kind"]?.GetValue<string>() == "Secret")
        {
            foreach (var key in new[] { "data", "stringData" })
            {
                if (copy[key] is JsonObject values)
                {
                    foreach (var name in values.Select(kv => kv.Key).ToList())
                    {
                        values[name] = $"<redacted: {SecretBytes(values[name], key == "data")} bytes>";
                    }
                }
            }
        }

        Walk(copy);
        return copy;
    }

    /// <summary>Text (a log, a message) with private keys and bearer tokens cut out.</summary>
    public static string Text(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var redacted = PrivateKey().Replace(text, "<redacted private key>");
        return Jwt().Replace(redacted, "<redacted token>");
    }

    /// <summary>The size of a Secret value: decoded bytes for base64 <c>data</c>, UTF-8 bytes otherwise.</summary>
    public static int SecretBytes(JsonNode? value, bool base64)
    {
        if (value is not JsonValue v || !v.TryGetValue<string>(out var text))
        {
            return 0;
        }

        if (base64)
        {
            var buffer = new byte[text.Length];
            if (Convert.TryFromBase64String(text, buffer, out var written))
            {
                return written;
            }
        }

        return Encoding.UTF8.GetByteCount(text);
    }

    private static int Bytes(JsonNode value) =>
        value is JsonValue v && v.TryGetValue<string>(out var text) ? Encoding.UTF8.GetByteCount(text) : 0;

    private static void Walk(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj["env"] is JsonArray env)
                {
                    foreach (var variable in env.OfType<JsonObject>())
                    {
                        if (variable["name"]?.GetValue<string>() is { } name && Sensitive().IsMatch(name) && variable["value"] is not null)
                        {
                            variable["value"] = "<redacted: the name says it holds a credential>";
                        }
                    }
                }

                foreach (var (key, child) in obj.ToList())
                {
                    if (child is JsonValue value && value.TryGetValue<string>(out var text) && Text(text) is var clean && !ReferenceEquals(clean, text) && clean != text)
                    {
                        obj[key] = clean;
                    }
                    else
                    {
                        Walk(child);
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is JsonValue value && value.TryGetValue<string>(out var text) && Text(text) is var clean && clean != text)
                    {
                        array[i] = clean;
                    }
                    else
                    {
                        Walk(array[i]);
                    }
                }

                break;
        }
    }

    [GeneratedRegex(@"-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z ]*PRIVATE KEY-----|\z)")]
    private static partial Regex PrivateKey();

    [GeneratedRegex(@"\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}")]
    private static partial Regex Jwt();

    [GeneratedRegex("(?i)(passw|secret|token|credential|api_?key|private_?key|access_?key)")]
    private static partial Regex Sensitive();
}
