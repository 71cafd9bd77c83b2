using System.Text.Json.Nodes;

namespace McpGate.Core.Cluster;

/// <summary>
/// One POST to a collection. Its precondition is "must not exist": the server answers an existing name
/// with <see cref="ClusterErrorKind.AlreadyExists"/> and leaves that object untouched.
/// </summary>
public sealed record CreateRequest
{
    /// <summary>The new object; <c>metadata.name</c> and <c>metadata.namespace</c>, when set, must agree with the target.</summary>
    public required JsonObject Body { get; init; }

    public string FieldManager { get; init; } = FieldManagers.Default;
}
