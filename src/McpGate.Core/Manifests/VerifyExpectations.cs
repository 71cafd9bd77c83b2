namespace McpGate.Core.Manifests;

/// <summary>Wire names of <see cref="VerifyExpectation"/>, as manifests and probes spell them.</summary>
public static class VerifyExpectations
{
    public const string RolloutComplete = "rollout_complete";

    public static string ToWire(this VerifyExpectation expectation) => expectation switch
    {
        VerifyExpectation.RolloutComplete => RolloutComplete,
        _ => throw new ArgumentOutOfRangeException(nameof(expectation), expectation, "unknown expectation"),
    };
}
