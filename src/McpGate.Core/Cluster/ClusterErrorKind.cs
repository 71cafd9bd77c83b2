namespace McpGate.Core.Cluster;

/// <summary>What went wrong talking to a cluster, in terms the engine acts on.</summary>
public enum ClusterErrorKind
{
    Other = 0,
    NotFound,
    Conflict,
    Invalid,
    Forbidden,
    Unauthorized,
    TooManyRequests,
    Unavailable,
    Timeout,
}
