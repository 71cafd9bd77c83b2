using System.Text.Json.Nodes;

namespace McpGate.Core.Operations;

/// <summary>One recorded revision of a workload: its number, the object that records it and its pod template.</summary>
/// <param name="Number">The revision number (ReplicaSet annotation or ControllerRevision <c>revision</c>).</param>
/// <param name="Name">The ReplicaSet or ControllerRevision holding it.</param>
/// <param name="Template">Its pod template, as the workload would carry it (no <c>pod-template-hash</c> label, no <c>$patch</c> directive).</param>
internal sealed record WorkloadRevision(long Number, string Name, JsonObject Template)
{
    /// <summary>The <c>kubernetes.io/change-cause</c> annotation of the object that records it, when set.</summary>
    public string? ChangeCause { get; init; }

    /// <summary>When the revision was recorded (RFC 3339), when known.</summary>
    public string? CreatedAt { get; init; }
}
