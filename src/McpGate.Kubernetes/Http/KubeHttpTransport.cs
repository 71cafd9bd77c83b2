using System.Security.Cryptography.X509Certificates;
using McpGate.Kubernetes.Authentication;
using McpGate.Kubernetes.KubeConfig;

namespace McpGate.Kubernetes.Http;

/// <summary>
/// The client's connections, in generations: one <see cref="HttpClient"/> per client certificate. When an
/// exec plugin hands out a different certificate a new generation starts, because pooled connections keep
/// presenting the certificate they were opened with; the old one is disposed once its requests are done.
/// </summary>
internal sealed class KubeHttpTransport : IDisposable
{
    private readonly KubeEndpoint _endpoint;
    private readonly TimeSpan _connectTimeout;
    private readonly X509Certificate2? _staticCertificate;
    private readonly Lock _gate = new();
    private KubeHttpGeneration _current;
    private bool _disposed;

    /// <summary>The chain the server presented at the last handshake (any generation).</summary>
    public ServerChainObserver ServerChain { get; } = new();

    public KubeHttpTransport(KubeEndpoint endpoint, TimeSpan connectTimeout)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        _endpoint = endpoint;
        _connectTimeout = connectTimeout;
        _staticCertificate = endpoint.ClientCertificatePem is { } certificatePem && endpoint.ClientKeyPem is { } keyPem
            ? ClientCertificates.Load(certificatePem, keyPem)
            : null;
        _current = NewGeneration(_staticCertificate);
    }

    /// <summary>
    /// A client presenting <paramref name="credentialCertificate"/> (or the kubeconfig's static one); dispose
    /// the lease when the response has been read.
    /// </summary>
    public KubeHttpLease Acquire(X509Certificate2? credentialCertificate)
    {
        var certificate = _staticCertificate ?? credentialCertificate;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!SameCertificate(_current.Certificate, certificate))
            {
                var previous = _current;
                _current = NewGeneration(certificate);
                previous.Retire();
            }

            return _current.Acquire();
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _current.Retire();
        }

        _staticCertificate?.Dispose();
    }

    private KubeHttpGeneration NewGeneration(X509Certificate2? certificate) =>
        new(new HttpClient(KubeHttpHandlerFactory.Create(_endpoint, certificate, _connectTimeout, ServerChain), disposeHandler: true)
        {
            Timeout = Timeout.InfiniteTimeSpan,
        }, certificate);

    private static bool SameCertificate(X509Certificate2? a, X509Certificate2? b) =>
        ReferenceEquals(a, b) || (a is not null && b is not null && a.RawDataMemory.Span.SequenceEqual(b.RawDataMemory.Span));
}
