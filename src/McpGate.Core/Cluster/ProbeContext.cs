using System.Text.Json.Nodes;

namespace McpGate.Core.Cluster;

/// <summary>What a probe is asked to check: the object the change wrote, what it wrote, and the expectation.</summary>
public sealed record ProbeContext
{
    public required ResourceRef Target { get; init; }

    /// <summary>The manifest's <c>verify.expect</c> name this look is for.</summary>
    public required string Expectation { get; init; }

    /// <summary>
    /// The signed request body the change sent (the patch or the applied object), so a probe can
    /// check that the fields it set still hold; null when the change wrote no body.
    /// </summary>
    public JsonObject? Applied { get; init; }

    /// <summary>
    /// What the change sent that <see cref="Applied"/> cannot show (a JSON patch's operations on list
    /// positions, move, copy, test), for a probe to say it did not compare it; null when nothing is left out.
    /// </summary>
    public string? NotCompared { get; init; }
}
