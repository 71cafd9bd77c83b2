namespace McpGate.Core.Cluster;

/// <summary>
/// Observes whether a written object reached the state a tool's manifest expects. A probe is
/// registered under one or more stable snake_case names (a manifest's <c>verify.expect</c>) in a
/// <see cref="StateProbeRegistry"/>. Implemented next to the cluster client, which knows the
/// object's status fields.
/// </summary>
public interface IStateProbe
{
    /// <summary>The names this probe answers to, e.g. <c>rollout_complete</c>; snake_case, stable across releases.</summary>
    IReadOnlyCollection<string> Expectations { get; }

    /// <summary>One look at the object; the engine calls it repeatedly until done, failed or a deadline.</summary>
    Task<ProbeResult> ProbeAsync(ProbeContext context, CancellationToken cancellationToken = default);
}
