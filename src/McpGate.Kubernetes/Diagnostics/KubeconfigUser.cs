using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using McpGate.Kubernetes.KubeConfig;

namespace McpGate.Kubernetes.Diagnostics;

/// <summary>
/// Who the kubeconfig's credentials claim to be, for a cluster that cannot say
/// (no SelfSubjectReview before Kubernetes 1.28): the client certificate's common name, as the
/// API server's x509 authenticator takes it, or a service account token's <c>sub</c> claim. A
/// hint read from the credentials, not verified; null when neither says.
/// </summary>
public static class KubeconfigUser
{
    public static string? Guess(KubeEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return FromCertificate(endpoint.ClientCertificatePem) ?? FromToken(endpoint.Token);
    }

    private static string? FromCertificate(string? pem)
    {
        if (string.IsNullOrWhiteSpace(pem))
        {
            return null;
        }

        try
        {
            using var certificate = X509Certificate2.CreateFromPem(pem);
            var name = certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
            return string.IsNullOrEmpty(name) ? null : name;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    /// <summary>The <c>sub</c> of a JWT's payload (service account tokens are JWTs); never the token itself.</summary>
    private static string? FromToken(string? token)
    {
        if (token?.Split('.') is not [_, var payload, _] || payload.Length == 0)
        {
            return null;
        }

        try
        {
            var padded = payload.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - (padded.Length % 4)) % 4);
            using var claims = JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(padded)));
            return claims.RootElement.ValueKind == JsonValueKind.Object
                && claims.RootElement.TryGetProperty("sub", out var sub)
                && sub.ValueKind == JsonValueKind.String
                && sub.GetString() is { Length: > 0 } subject
                ? subject
                : null;
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            return null;
        }
    }
}
