using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace McpGate.Kubernetes.KubeConfig;

/// <summary>
/// The configuration of a pod's service account: <c>KUBERNETES_SERVICE_HOST</c> / <c>_PORT</c> and the
/// mounted <c>token</c>, <c>ca.crt</c> and <c>namespace</c>. The token is kept as a file and re-read,
/// because projected tokens rotate (about hourly).
/// </summary>
public static class KubeInClusterConfig
{
    public const string DefaultServiceAccountRoot = "/var/run/secrets/kubernetes.io/serviceaccount";

    public const string ContextName = "in-cluster";

    /// <summary>True when the environment variables and the token file are present.</summary>
    public static bool IsAvailable(string? serviceAccountRoot = null, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var root = serviceAccountRoot ?? DefaultServiceAccountRoot;
        return !string.IsNullOrEmpty(environment("KUBERNETES_SERVICE_HOST"))
            && !string.IsNullOrEmpty(environment("KUBERNETES_SERVICE_PORT"))
            && File.Exists(Path.Combine(root, "token"));
    }

    /// <summary>Builds the endpoint; <paramref name="serviceAccountRoot"/> and <paramref name="environment"/> are injectable for tests.</summary>
    /// <exception cref="KubeConfigException">A variable or file is missing or invalid; every problem is named.</exception>
    public static KubeEndpoint Load(string? serviceAccountRoot = null, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var root = Path.GetFullPath(serviceAccountRoot ?? DefaultServiceAccountRoot);
        var errors = new List<string>();
        var host = environment("KUBERNETES_SERVICE_HOST");
        var port = environment("KUBERNETES_SERVICE_PORT");
        if (string.IsNullOrWhiteSpace(host))
        {
            errors.Add("in-cluster: KUBERNETES_SERVICE_HOST is not set; not running in a pod? Pass --kubeconfig instead");
        }

        if (string.IsNullOrWhiteSpace(port) || !int.TryParse(port, out var portNumber) || portNumber is < 1 or > 65535)
        {
            errors.Add($"in-cluster: KUBERNETES_SERVICE_PORT '{port}' must be a port number");
            portNumber = 0;
        }

        var tokenFile = Path.Combine(root, "token");
        var token = Read(tokenFile, "token", errors);
        if (token is not null && token.Trim().Length == 0)
        {
            errors.Add($"in-cluster: the service-account token file {tokenFile} is empty");
        }

        var caFile = Path.Combine(root, "ca.crt");
        var ca = Read(caFile, "ca.crt", errors);
        if (ca is not null)
        {
            CheckCertificate(caFile, ca, errors);
        }

        var namespaceFile = Path.Combine(root, "namespace");
        var ns = File.Exists(namespaceFile) ? Read(namespaceFile, "namespace", errors)?.Trim() : null;
        if (errors.Count > 0)
        {
            throw new KubeConfigException(errors);
        }

        // IPv6 service addresses need brackets in a URL.
        var hostPart = host!.Contains(':', StringComparison.Ordinal) && !host.StartsWith('[') ? $"[{host}]" : host;
        return new KubeEndpoint
        {
            ContextName = ContextName,
            Server = new Uri($"https://{hostPart}:{portNumber}"),
            Namespace = string.IsNullOrEmpty(ns) ? "default" : ns,
            CertificateAuthorityPem = ca,
            TokenFile = tokenFile,
        };
    }

    private static string? Read(string path, string what, List<string> errors)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            errors.Add($"in-cluster: the service-account {what} file {path} cannot be read: {ex.Message}");
            return null;
        }
    }

    private static void CheckCertificate(string path, string pem, List<string> errors)
    {
        try
        {
            var collection = new X509Certificate2Collection();
            collection.ImportFromPem(pem);
            if (collection.Count == 0)
            {
                errors.Add($"in-cluster: {path} contains no PEM certificate");
            }

            foreach (var certificate in collection)
            {
                certificate.Dispose();
            }
        }
        catch (CryptographicException ex)
        {
            errors.Add($"in-cluster: {path} is not a valid PEM certificate: {ex.Message}");
        }
    }
}
