using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace McpGate.Kubernetes.Http;

/// <summary>
/// Loads the system's trust store ahead of the first TLS handshake. On Linux every certificate
/// chain .NET builds reads the whole store once per process (roots and intermediates from
/// <c>/etc/ssl/certs</c>), even when it checks against a cluster's CA bundle; the first handshake
/// paid for it while the first tool call waited. Loading it on another thread at start leaves the
/// handshake only the chain to build.
/// </summary>
public static class SystemTrustStore
{
    /// <summary>Starts the load on the thread pool; a store that cannot be read is the handshake's to report.</summary>
    public static Task PreloadAsync() => Task.Run(Preload);

    private static void Preload()
    {
        try
        {
            using var store = new X509Store(StoreName.Root, StoreLocation.LocalMachine);
            store.Open(OpenFlags.ReadOnly);
            foreach (var certificate in store.Certificates)
            {
                certificate.Dispose();
            }
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            // No readable store: the handshake fails or succeeds on its own, as it would have.
        }
    }
}
