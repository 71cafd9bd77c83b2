using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using McpGate.Kubernetes.KubeConfig;

namespace McpGate.Kubernetes.Http;

/// <summary>
/// Builds a <see cref="SocketsHttpHandler"/> of a client: trusts only the cluster CA when one is
/// given, presents one client certificate (static, or the exec plugin's, one handler per certificate),
/// honours <c>tls-server-name</c> (as SNI too, except through a proxy) and <c>proxy-url</c>.
/// </summary>
internal static class KubeHttpHandlerFactory
{
    public static SocketsHttpHandler Create(KubeEndpoint endpoint, X509Certificate2? clientCertificate, TimeSpan connectTimeout, ServerChainObserver? chainObserver = null)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = connectTimeout,
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
        };

        if (endpoint.ProxyUrl is { } proxyUrl)
        {
            handler.UseProxy = true;
            handler.Proxy = CreateProxy(proxyUrl);
        }

        if (clientCertificate is not null)
        {
            handler.SslOptions.ClientCertificates = [clientCertificate];
        }

        var trustedRoots = LoadRoots(endpoint.CertificateAuthorityPem);
        var hostName = ExpectedHostName(endpoint);
        if (endpoint.InsecureSkipTlsVerify)
        {
            // The operator asked for it explicitly in the kubeconfig (insecure-skip-tls-verify: true).
#pragma warning disable CA5359
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, chain, _) =>
            {
                chainObserver?.Observe(certificate, chain);
                return true;
            };
#pragma warning restore CA5359
        }
        else
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
            {
                if (ServerCertificateValidator.Validate(certificate, chain, errors, trustedRoots, hostName, out var rejection))
                {
                    chainObserver?.Observe(certificate, chain);
                    return true;
                }

                chainObserver?.Rejected(rejection);
                return false;
            };
        }

        if (endpoint.TlsServerName is { Length: > 0 } serverName && endpoint.ProxyUrl is null && endpoint.Server.Scheme == Uri.UriSchemeHttps)
        {
            // SocketsHttpHandler sends the URL host (or the Host header) as SNI; tls-server-name must be
            // the name asked for, so the handshake is done here and the handler gets an authenticated stream.
            var sslOptions = handler.SslOptions;
            handler.ConnectCallback = (context, cancellationToken) => ConnectTlsAsync(context.DnsEndPoint, sslOptions, serverName, cancellationToken);
        }

        return handler;
    }

    private static async ValueTask<Stream> ConnectTlsAsync(
        DnsEndPoint target,
        SslClientAuthenticationOptions handlerOptions,
        string serverName,
        CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(target, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        var tls = new SslStream(new NetworkStream(socket, ownsSocket: true), leaveInnerStreamOpen: false);
        try
        {
            await tls.AuthenticateAsClientAsync(
                new SslClientAuthenticationOptions
                {
                    TargetHost = serverName,
                    ClientCertificates = handlerOptions.ClientCertificates,
                    LocalCertificateSelectionCallback = handlerOptions.LocalCertificateSelectionCallback,
                    RemoteCertificateValidationCallback = handlerOptions.RemoteCertificateValidationCallback,
                    CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                    ApplicationProtocols = [SslApplicationProtocol.Http11],
                },
                cancellationToken).ConfigureAwait(false);
            return tls;
        }
        catch
        {
            await tls.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static WebProxy CreateProxy(Uri proxyUrl)
    {
        // GetLeftPart(Authority) keeps user:password, which then shows in every proxy error message.
        var address = new UriBuilder(proxyUrl.Scheme, proxyUrl.Host, proxyUrl.Port).Uri;
        var proxy = new WebProxy(address, BypassOnLocal: false);
        if (proxyUrl.UserInfo.Length > 0)
        {
            var parts = proxyUrl.UserInfo.Split(':', 2);
            proxy.Credentials = new NetworkCredential(Uri.UnescapeDataString(parts[0]), parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : string.Empty);
        }

        return proxy;
    }

    /// <summary>The name the server certificate must carry: <c>tls-server-name</c>, else the URL's host (an IP literal without brackets).</summary>
    internal static string ExpectedHostName(KubeEndpoint endpoint) =>
        endpoint.TlsServerName is { Length: > 0 } serverName
            ? serverName
            : endpoint.Server.HostNameType == UriHostNameType.IPv6 ? endpoint.Server.DnsSafeHost : endpoint.Server.IdnHost;

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
}
