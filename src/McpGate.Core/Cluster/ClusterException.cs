namespace McpGate.Core.Cluster;

/// <summary>
/// A cluster call failed. Adapters (McpGate.Kubernetes) translate their wire errors to
/// this so the engine can decide, e.g. a <see cref="ClusterErrorKind.Conflict"/> means
/// "re-prove and re-approve", never retry.
/// </summary>
public class ClusterException : Exception
{
    public ClusterException()
    {
    }

    public ClusterException(string message)
        : base(message)
    {
    }

    public ClusterException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ClusterException(ClusterErrorKind kind, int? statusCode, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
        StatusCode = statusCode;
    }

    public ClusterErrorKind Kind { get; }

    /// <summary>HTTP status code when the server answered; null for connection faults.</summary>
    public int? StatusCode { get; }
}
