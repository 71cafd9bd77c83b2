namespace McpGate.Core.Reads.Metrics;

/// <summary>
/// <c>top</c>: what nodes or pods use now (<c>kubectl top</c>), read from metrics.k8s.io/v1beta1, busiest CPU first.
/// When the cluster does not serve metrics.k8s.io the answer says so and how to get it.
/// </summary>
public sealed class TopRead : IReadStrategy
{
    public async Task<ReadResult> ReadAsync(ReadRequest request, ReadContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var target = await ReadTarget.ResolveAsync(request, context, cancellationToken).ConfigureAwait(false);
        return (target.Ref.Group, target.Ref.Resource) switch
        {
            ("", "nodes") => await NodeTop.ReadAsync(target, request.Operation.Query, context, cancellationToken).ConfigureAwait(false),
            ("", "pods") => await PodTop.ReadAsync(target, request.Operation.Query, context, cancellationToken).ConfigureAwait(false),
            _ => throw new ReadException($"top reads nodes or pods only (metrics.k8s.io measures nothing else), not {target.Ref.Resource}."),
        };
    }
}
