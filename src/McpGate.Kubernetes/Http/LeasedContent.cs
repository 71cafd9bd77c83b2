using System.Net;

namespace McpGate.Kubernetes.Http;

/// <summary>A streamed response body that keeps its <see cref="KubeHttpLease"/> until the body is disposed (watches).</summary>
internal sealed class LeasedContent : HttpContent
{
    private readonly HttpContent _inner;
    private readonly KubeHttpLease _lease;

    public LeasedContent(HttpContent inner, KubeHttpLease lease)
    {
        _inner = inner;
        _lease = lease;
        foreach (var (name, values) in inner.Headers)
        {
            Headers.TryAddWithoutValidation(name, values);
        }
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        _inner.CopyToAsync(stream, context);

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
        _inner.CopyToAsync(stream, context, cancellationToken);

    protected override Task<Stream> CreateContentReadStreamAsync() => _inner.ReadAsStreamAsync();

    protected override Task<Stream> CreateContentReadStreamAsync(CancellationToken cancellationToken) => _inner.ReadAsStreamAsync(cancellationToken);

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
            _lease.Dispose();
        }

        base.Dispose(disposing);
    }
}
