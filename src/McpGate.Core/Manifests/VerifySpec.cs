namespace McpGate.Core.Manifests;

public sealed record VerifySpec
{
    /// <summary>The name of the verification probe, e.g. <c>rollout_complete</c>; the probe registry checks it exists.</summary>
    public required string Expect { get; init; }

    /// <summary><c>file:line:column</c> of <see cref="Expect"/>, for errors about the name.</summary>
    public required string ExpectLocation { get; init; }

    /// <summary>How long the engine waits for <see cref="Expect"/> before reporting verification_failed.</summary>
    public required TimeSpan Timeout { get; init; }
}
