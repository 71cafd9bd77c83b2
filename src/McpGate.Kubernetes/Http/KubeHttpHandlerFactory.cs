using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using McpGate.Kubernetes.KubeConfig;

namespace McpGate.Kubernetes.Http;

/// <summary>
/// Builds the one <see cref="SocketsHttpHandler"/> a client uses: trusts only the cluster CA
/// when one is given, presents the client certificate, honours <c>tls-server-name</c>.
/// </summary>
internal static class KubeHttpHandlerFactory
{
    public static SocketsHttpHandler Create(KubeEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(10),
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
        };

        if (endpoint.ClientCertificatePem is { } certPem && endpoint.ClientKeyPem is { } keyPem)
        {
            using var ephemeral = X509Certificate2.CreateFromPem(certPem, keyPem);

            // SslStream needs a key it can use on every platform; a PKCS#12 round trip gives one.
            var certificate = X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), null);
            handler.SslOptions.ClientCertificates = [certificate];
        }

        var trustedRoots = LoadRoots(endpoint.CertificateAuthorityPem);
        var serverName = endpoint.TlsServerName;
        if (endpoint.InsecureSkipTlsVerify)
        {
            // The operator asked for it explicitly in the kubeconfig (insecure-skip-tls-verify: true).
#pragma warning disable CA5359
            handler.SslOptions.RemoteCertificateValidationCallback = static (_, _, _, _) => true;
#pragma warning restore CA5359
        }
        else if (trustedRoots is not null || serverName is not null)
        {
            handler.SslOptions.RemoteCertificateValidationCallback =
                (_, certificate, chain, errors) => Validate(certificate, chain, errors, trustedRoots, serverName);
        }

        return handler;
    }

    private static X509Certificate2Collection? LoadRoots(string? pem)
    {
        if (pem is null)
        {
            return null;
        }

        var roots = new X509Certificate2Collection();
        roots.ImportFromPem(pem);
        return roots;
    }

    private static bool Validate(
        X509Certificate? certificate,
        X509Chain? chain,
        SslPolicyErrors errors,
        X509Certificate2Collection? trustedRoots,
        string? serverName)
    {
        if (certificate is not X509Certificate2 leaf || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return false;
        }

        var nameOk = serverName is null
            ? !errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch)
            : leaf.MatchesHostname(serverName);
        if (!nameOk)
        {
            return false;
        }

        if (trustedRoots is null)
        {
            return !errors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors);
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(trustedRoots);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
        {
            foreach (var element in chain.ChainElements)
            {
                custom.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        return custom.Build(leaf);
    }
}
