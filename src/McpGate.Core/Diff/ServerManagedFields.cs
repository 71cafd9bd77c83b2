namespace McpGate.Core.Diff;

/// <summary>
/// Fields the API server writes on its own, left out of diffs and of the applied-fields check:
/// the object's <c>status</c> (a write of the main resource never sets it) and, in its own
/// <c>metadata</c>, <c>resourceVersion</c>, <c>generation</c>, <c>managedFields</c>, <c>uid</c>
/// and <c>creationTimestamp</c>.
/// </summary>
internal static class ServerManagedFields
{
    private static readonly HashSet<string> s_metadata = new(StringComparer.Ordinal)
    {
        "resourceVersion", "generation", "managedFields", "uid", "creationTimestamp",
    };

    public static bool IsLeftOut(SchemaPosition parent, string field) => parent switch
    {
        SchemaPosition.Root or SchemaPosition.ServiceRoot or SchemaPosition.ServiceAccountRoot => field == "status",
        SchemaPosition.RootMetadata => s_metadata.Contains(field),
        _ => false,
    };
}
