using System.Text.Json.Serialization;
using McpGate.Core.Json;

namespace McpGate.Core.Operations;

/// <summary>What one step of a write does to one object; snake_case on the wire.</summary>
[JsonConverter(typeof(SnakeCaseEnumConverter<WriteVerb>))]
public enum WriteVerb
{
    /// <summary>A JSON, merge or strategic merge patch under a resourceVersion precondition.</summary>
    Patch,

    /// <summary>Server-side apply of an object that exists, under a resourceVersion precondition.</summary>
    Apply,

    /// <summary>Creation of an object that must not exist yet.</summary>
    Create,

    /// <summary>Deletion under uid and resourceVersion preconditions.</summary>
    Delete,

    /// <summary>Eviction of a pod (a PodDisruptionBudget may refuse it), under a uid precondition.</summary>
    Evict,
}
