namespace McpGate.Sandbox.Storage;

/// <summary>The kind of a stored change, named as watch events name them.</summary>
internal enum StoreChangeType
{
    Added,
    Modified,
    Deleted,
}
