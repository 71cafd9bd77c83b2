namespace McpGate.Core.Manifests;

public sealed record VerifySpec
{
    public required VerifyExpectation Expect { get; init; }

    /// <summary>How long the engine waits for <see cref="Expect"/> before reporting verification_failed.</summary>
    public required TimeSpan Timeout { get; init; }
}
