namespace McpGate.Sandbox.Controllers;

/// <summary>What the simulated container runtime does with an image.</summary>
internal enum ImageOutcome
{
    /// <summary>Pulled, started, stays running and ready.</summary>
    Runs,

    /// <summary>Pulled and started, then exits with an error: CrashLoopBackOff.</summary>
    CrashLoops,

    /// <summary>The registry or repository cannot be resolved: ErrImagePull, then ImagePullBackOff.</summary>
    PullFails,
}
