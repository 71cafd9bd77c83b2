using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace McpGate.Kubernetes.Http;

/// <summary>
/// Loads the system's trust store ahead of the first TLS handshake. On Linux every certificate
/// chain .NET builds reads the whole store once per process (roots and intermediates from the
/// bundle <c>SSL_CERT_FILE</c> and every file of <c>SSL_CERT_DIR</c>, by default
/// <c>/etc/ssl/certs</c>), even when it checks against a cluster's CA bundle, and the first
/// handshake's check waits for that read. Starting it on another thread at start lets it run while
/// the configuration loads and the handshake is on the wire.
/// </summary>
public static class SystemTrustStore
{
    /// <summary>
    /// Starts the load on the thread pool. Its result says how many roots were read and how long it
    /// took; null when no store could be read, which is the handshake's to report.
    /// </summary>
    public static Task<TrustStoreRead?> PreloadAsync() => Task.Run(Preload);

    private static TrustStoreRead? Preload()
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var store = new X509Store(StoreName.Root, StoreLocation.LocalMachine);
            store.Open(OpenFlags.ReadOnly);
            var roots = store.Certificates;
            foreach (var certificate in roots)
            {
                certificate.Dispose();
            }

            return new TrustStoreRead(roots.Count, Stopwatch.GetElapsedTime(started));
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            // No readable store: the handshake fails or succeeds on its own, as it would have.
            return null;
        }
    }
}

/// <summary>What a read of the system trust store found: its root certificates, and how long the read took.</summary>
public sealed record TrustStoreRead(int RootCount, TimeSpan Elapsed);
