namespace McpGate.Core.Cluster;

/// <summary>
/// How sure a probe is of its verdict. High: read from status the controller has observed for this
/// generation, or a definite cause (a failed condition, a crash loop past the threshold). Medium:
/// inferred from partial signals (a partitioned rollout, an object replaced by another with the same
/// name). Low: the probe could not observe the object, or only saw it still progressing.
/// </summary>
public enum ProbeConfidence
{
    Low,
    Medium,
    High,
}
