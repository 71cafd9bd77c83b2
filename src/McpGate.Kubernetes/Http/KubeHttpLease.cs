namespace McpGate.Kubernetes.Http;

/// <summary>One request's hold on a <see cref="KubeHttpGeneration"/>; disposing it more than once is harmless.</summary>
internal sealed class KubeHttpLease : IDisposable
{
    private KubeHttpGeneration? _generation;

    public KubeHttpLease(KubeHttpGeneration generation)
    {
        _generation = generation;
        Client = generation.Client;
    }

    public HttpClient Client { get; }

    public void Dispose() => Interlocked.Exchange(ref _generation, null)?.Release();
}
