using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using McpGate.Kubernetes.Authentication;

namespace McpGate.Kubernetes.KubeConfig;

/// <summary>Selects a context, checks its cluster and user references and reads the files they name.</summary>
internal static class KubeEndpointResolver
{
    public static KubeEndpoint Resolve(KubeConfiguration configuration, string? contextName)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var files = string.Join(", ", configuration.Files);
        var name = string.IsNullOrEmpty(contextName) ? configuration.CurrentContext : contextName;
        if (string.IsNullOrEmpty(name))
        {
            throw new KubeConfigException([$"kubeconfig {files}: current-context is not set; choose a context explicitly"]);
        }

        if (!configuration.Contexts.TryGetValue(name, out var context))
        {
            if (configuration.InvalidEntry(KubeConfigEntryKind.Context, name) is { } invalidContext)
            {
                throw new KubeConfigException(invalidContext.Errors);
            }

            var known = configuration.Contexts.Count == 0 ? "none" : string.Join(", ", configuration.Contexts.Keys.Order(StringComparer.Ordinal));
            var field = string.IsNullOrEmpty(contextName) ? "current-context" : "context";
            throw new KubeConfigException([$"kubeconfig {files}: {field} '{name}' is not defined in contexts (known: {known})"]);
        }

        var errors = new List<string>();
        if (!configuration.Clusters.TryGetValue(context.Cluster, out var cluster))
        {
            if (configuration.InvalidEntry(KubeConfigEntryKind.Cluster, context.Cluster) is { } invalidCluster)
            {
                errors.AddRange(invalidCluster.Errors);
            }
            else
            {
                errors.Add(context.Source.Describe("context.cluster", $"'{context.Cluster}' is not defined in clusters"));
            }
        }

        if (!configuration.Users.TryGetValue(context.User, out var user))
        {
            if (configuration.InvalidEntry(KubeConfigEntryKind.User, context.User) is { } invalidUser)
            {
                errors.AddRange(invalidUser.Errors);
            }
            else
            {
                errors.Add(context.Source.Describe("context.user", $"'{context.User}' is not defined in users"));
            }
        }
        else if (user.UnsupportedField is { } unsupported)
        {
            var rule = unsupported is "user.username" or "user.password"
                ? "is set: basic auth is not supported; use a token or a client certificate"
                : "is set: this authentication mechanism is not supported; use a token or a client certificate";
            errors.Add(user.Source.Describe(unsupported, rule));
        }

        if (errors.Count > 0 || cluster is null || user is null)
        {
            throw new KubeConfigException(errors);
        }

        var endpoint = new KubeEndpoint
        {
            ContextName = context.Name,
            Server = cluster.Server,
            Namespace = string.IsNullOrEmpty(context.Namespace) ? "default" : context.Namespace,
            CertificateAuthorityPem = cluster.CertificateAuthorityData
                ?? ReadText(cluster.CertificateAuthorityFile, cluster.Source, "cluster.certificate-authority", errors),
            InsecureSkipTlsVerify = cluster.InsecureSkipTlsVerify,
            TlsServerName = cluster.TlsServerName,
            Token = user.Token,
            TokenFile = user.TokenFile,
            ClientCertificatePem = user.ClientCertificateData
                ?? ReadText(user.ClientCertificateFile, user.Source, "user.client-certificate", errors),
            ClientKeyPem = user.ClientKeyData
                ?? ReadText(user.ClientKeyFile, user.Source, "user.client-key", errors),
            Exec = user.Exec,
            ProxyUrl = cluster.ProxyUrl,
        };

        if (user.TokenFile is not null)
        {
            ReadText(user.TokenFile, user.Source, "user.tokenFile", errors);
        }

        Validate(endpoint, cluster, user, errors);
        return errors.Count > 0 ? throw new KubeConfigException(errors) : endpoint;
    }

    private static void Validate(KubeEndpoint endpoint, KubeClusterEntry cluster, KubeUserEntry user, List<string> errors)
    {
        if (cluster.ProxyUrl is { } proxy && proxy.Scheme != Uri.UriSchemeHttp && proxy.Scheme != Uri.UriSchemeHttps)
        {
            errors.Add(cluster.Source.Describe("cluster.proxy-url", $"uses '{proxy.Scheme}': only http and https proxies are supported (SOCKS is not)"));
        }

        if (user.Exec is not null && (user.Token is not null || user.TokenFile is not null || endpoint.ClientCertificatePem is not null || endpoint.ClientKeyPem is not null))
        {
            errors.Add(user.Source.Describe("user.exec", "cannot be combined with token, tokenFile or a client certificate; keep one authentication method"));
        }

        if (user.Exec is { InteractiveMode: KubeExecInteractiveMode.Always })
        {
            errors.Add(user.Source.Describe("user.exec.interactiveMode", "is Always: the plugin needs a terminal and McpGate runs without one; use a plugin mode that does not prompt (Never or IfAvailable) or log in beforehand"));
        }

        if (endpoint.CertificateAuthorityPem is { } caPem)
        {
            var field = cluster.CertificateAuthorityData is null ? "cluster.certificate-authority" : "cluster.certificate-authority-data";
            try
            {
                var collection = new X509Certificate2Collection();
                collection.ImportFromPem(caPem);
                if (collection.Count == 0)
                {
                    errors.Add(cluster.Source.Describe(field, "contains no PEM certificate"));
                }

                foreach (var certificate in collection)
                {
                    certificate.Dispose();
                }
            }
            catch (CryptographicException ex)
            {
                errors.Add(cluster.Source.Describe(field, $"is not a valid PEM certificate: {ex.Message}"));
            }
        }

        if ((endpoint.ClientCertificatePem is null) != (endpoint.ClientKeyPem is null))
        {
            errors.Add(user.Source.Describe("user", "needs both client-certificate(-data) and client-key(-data)"));
        }
        else if (endpoint.ClientCertificatePem is { } certPem && endpoint.ClientKeyPem is { } keyPem)
        {
            try
            {
                using var certificate = ClientCertificates.Load(certPem, keyPem);
            }
            catch (CryptographicException ex)
            {
                errors.Add(user.Source.Describe("user.client-certificate", $"and client-key do not form a usable certificate: {ex.Message}"));
            }
        }
    }

    private static string? ReadText(string? path, KubeConfigSource source, string field, List<string> errors)
    {
        if (path is null)
        {
            return null;
        }

        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            errors.Add(source.Describe(field, $"'{path}' cannot be read: {ex.Message}"));
            return null;
        }
    }
}
