namespace McpGate.Core.Reads;

/// <summary>
/// One kind of read, chosen by a manifest's <c>operation.action</c> (list, get, logs, events...). It
/// reads through <see cref="ReadContext.Cluster"/> only, which can send nothing but GET requests, and
/// answers with a compact text for the model and the full data as structured content.
/// </summary>
public interface IReadStrategy
{
    /// <exception cref="ReadException">The read cannot be answered (absent object, unknown kind, bad option); the message says what to do.</exception>
    /// <exception cref="Cluster.ClusterException">The cluster refused or could not be reached.</exception>
    Task<ReadResult> ReadAsync(ReadRequest request, ReadContext context, CancellationToken cancellationToken);
}
