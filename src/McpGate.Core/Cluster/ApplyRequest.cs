using System.Text.Json.Nodes;

namespace McpGate.Core.Cluster;

/// <summary>
/// One server-side apply (<c>application/apply-patch+yaml</c>) of one object: the server creates it when
/// absent and otherwise merges the fields <see cref="FieldManager"/> sets, refusing with
/// <see cref="ClusterErrorKind.Conflict"/> when another manager owns one of them, unless <see cref="Force"/>.
/// </summary>
public sealed record ApplyRequest
{
    /// <summary>The object as the field manager wants it: <c>apiVersion</c>, <c>kind</c>, <c>metadata.name</c> and the fields it owns.</summary>
    public required JsonObject Manifest { get; init; }

    public string FieldManager { get; init; } = FieldManagers.Default;

    /// <summary>Take over fields owned by other managers instead of failing with a conflict.</summary>
    public bool Force { get; init; }

    /// <summary>The resourceVersion the existing object must still have, sent as <c>metadata.resourceVersion</c>; null for none.</summary>
    public string? ResourceVersion { get; init; }
}
