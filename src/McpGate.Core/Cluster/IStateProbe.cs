namespace McpGate.Core.Cluster;

/// <summary>
/// Observes whether a written object reached the state a tool's manifest expects
/// (e.g. <c>rollout_complete</c>). Implemented next to the cluster client, which knows the
/// object's status fields.
/// </summary>
public interface IStateProbe
{
    /// <summary>The expectations this probe understands, e.g. <c>rollout_complete</c>.</summary>
    IReadOnlyCollection<string> Expectations { get; }

    /// <summary>One look at the object; the engine calls it repeatedly until done or a deadline.</summary>
    Task<ProbeResult> ProbeAsync(ResourceRef target, string expectation, CancellationToken cancellationToken = default);
}
