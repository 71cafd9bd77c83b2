namespace McpGate.Core.Reads.Rollouts;

/// <summary>Where a rollout stands, as <c>kubectl rollout status</c> would judge it at this instant.</summary>
public enum RolloutState
{
    /// <summary>Every desired pod runs the current template and is available.</summary>
    Complete,

    /// <summary>The controller is still replacing or starting pods.</summary>
    Progressing,

    /// <summary>The controller has not yet seen the latest spec (generation ahead of observedGeneration).</summary>
    Unobserved,

    /// <summary>A paused Deployment that has not finished: nothing moves until it is resumed.</summary>
    Paused,

    /// <summary>The Deployment exceeded its progress deadline (ProgressDeadlineExceeded).</summary>
    Stalled,

    /// <summary>An OnDelete update strategy: there is no rollout to follow.</summary>
    Unsupported,
}
