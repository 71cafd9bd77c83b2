using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace McpGate.Kubernetes.Authentication;

/// <summary>Parses a plugin's stdout as an ExecCredential; errors name the field, never quote the output.</summary>
internal static class ExecCredentialParser
{
    public static ExecPluginOutput Parse(string stdout, string expectedApiVersion, string pluginName)
    {
        JsonObject document;
        try
        {
            document = JsonNode.Parse(stdout) as JsonObject
                ?? throw Fail(pluginName, "printed JSON that is not an object; expected an ExecCredential");
        }
        catch (JsonException ex)
        {
            // The exception text carries at most a character of the output, never a whole token.
            throw new KubeAuthenticationException($"{pluginName} printed output that is not JSON (expected an ExecCredential): {ex.Message}", ex);
        }

        var kind = Text(document, "kind", pluginName);
        if (kind != "ExecCredential")
        {
            throw Fail(pluginName, $"printed kind '{kind}'; expected ExecCredential");
        }

        var apiVersion = Text(document, "apiVersion", pluginName);
        if (apiVersion != expectedApiVersion)
        {
            throw Fail(pluginName, $"printed apiVersion '{apiVersion}' but the kubeconfig asks for '{expectedApiVersion}' (user.exec.apiVersion)");
        }

        if (document["status"] is not JsonObject status)
        {
            throw Fail(pluginName, "printed an ExecCredential without a status object");
        }

        var token = Text(status, "token", pluginName);
        var certificate = Text(status, "clientCertificateData", pluginName);
        var key = Text(status, "clientKeyData", pluginName);
        if (string.IsNullOrEmpty(token) && (string.IsNullOrEmpty(certificate) || string.IsNullOrEmpty(key)))
        {
            throw Fail(pluginName, "printed an ExecCredential with neither status.token nor both status.clientCertificateData and status.clientKeyData");
        }

        if (string.IsNullOrEmpty(certificate) != string.IsNullOrEmpty(key))
        {
            throw Fail(pluginName, "printed status.clientCertificateData without status.clientKeyData or the other way round");
        }

        DateTimeOffset? expiresAt = null;
        if (Text(status, "expirationTimestamp", pluginName) is { Length: > 0 } expiry)
        {
            if (!DateTimeOffset.TryParse(expiry, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
            {
                throw Fail(pluginName, $"printed status.expirationTimestamp '{expiry}', which is not an RFC 3339 time");
            }

            expiresAt = parsed;
        }

        return new ExecPluginOutput
        {
            Token = string.IsNullOrEmpty(token) ? null : token,
            ClientCertificatePem = string.IsNullOrEmpty(certificate) ? null : certificate,
            ClientKeyPem = string.IsNullOrEmpty(key) ? null : key,
            ExpiresAt = expiresAt,
        };
    }

    private static string? Text(JsonObject obj, string name, string pluginName) => obj[name] switch
    {
        null => null,
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        _ => throw Fail(pluginName, $"printed a non-string {name}"),
    };

    private static KubeAuthenticationException Fail(string pluginName, string what) => new($"{pluginName} {what}");
}
