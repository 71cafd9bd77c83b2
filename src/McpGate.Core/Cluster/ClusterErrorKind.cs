namespace McpGate.Core.Cluster;

/// <summary>What went wrong talking to a cluster, in terms the engine acts on.</summary>
public enum ClusterErrorKind
{
    Other = 0,
    NotFound,

    /// <summary>
    /// The write's precondition failed (the object's resourceVersion or uid is no longer the one it was
    /// conditioned on), or a server-side apply met fields another manager owns. Re-read; never retry blindly.
    /// </summary>
    Conflict,
    Invalid,
    Forbidden,
    Unauthorized,

    /// <summary>The API server is throttling this client; another attempt later may succeed.</summary>
    TooManyRequests,
    Unavailable,
    Timeout,

    /// <summary>A create found an object of that name already there (409 AlreadyExists); distinct from a <see cref="Conflict"/>.</summary>
    AlreadyExists,

    /// <summary>An eviction was refused because a PodDisruptionBudget allows no disruption now (429 with a DisruptionBudget cause); not throttling.</summary>
    DisruptionBudget,
}
