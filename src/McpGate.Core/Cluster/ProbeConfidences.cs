namespace McpGate.Core.Cluster;

/// <summary>Wire names of <see cref="ProbeConfidence"/>, as the ledger and outcomes spell them.</summary>
public static class ProbeConfidences
{
    public static string ToWire(this ProbeConfidence confidence) => confidence switch
    {
        ProbeConfidence.Low => "low",
        ProbeConfidence.Medium => "medium",
        ProbeConfidence.High => "high",
        _ => throw new ArgumentOutOfRangeException(nameof(confidence), confidence, "unknown confidence"),
    };
}
