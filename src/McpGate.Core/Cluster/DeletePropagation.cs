using System.Text.Json.Serialization;
using McpGate.Core.Json;

namespace McpGate.Core.Cluster;

/// <summary>What a delete does to the object's dependents (objects naming it in <c>ownerReferences</c>).</summary>
[JsonConverter(typeof(SnakeCaseEnumConverter<DeletePropagation>))]
public enum DeletePropagation
{
    /// <summary>The object goes now; the garbage collector deletes its dependents afterwards.</summary>
    Background = 0,

    /// <summary>The object stays, with a <c>deletionTimestamp</c> and the <c>foregroundDeletion</c> finalizer, until its dependents are gone.</summary>
    Foreground,

    /// <summary>The dependents stay, without the owner reference.</summary>
    Orphan,
}
