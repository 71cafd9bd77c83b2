using System.Security.Cryptography.X509Certificates;

namespace McpGate.Kubernetes.Http;

/// <summary>One <see cref="HttpClient"/> of <see cref="KubeHttpTransport"/>, counting the requests still using it.</summary>
internal sealed class KubeHttpGeneration
{
    private readonly Lock _gate = new();
    private int _leases;
    private bool _retired;

    public KubeHttpGeneration(HttpClient client, X509Certificate2? certificate)
    {
        Client = client;
        Certificate = certificate;
    }

    public HttpClient Client { get; }

    public X509Certificate2? Certificate { get; }

    public KubeHttpLease Acquire()
    {
        lock (_gate)
        {
            _leases++;
        }

        return new KubeHttpLease(this);
    }

    /// <summary>No new requests; the client is disposed when the last lease ends (now, if none is out).</summary>
    public void Retire()
    {
        lock (_gate)
        {
            _retired = true;
            if (_leases > 0)
            {
                return;
            }
        }

        Client.Dispose();
    }

    internal void Release()
    {
        lock (_gate)
        {
            _leases--;
            if (!_retired || _leases > 0)
            {
                return;
            }
        }

        Client.Dispose();
    }
}
