namespace McpGate.Core.Cluster;

/// <summary>The field manager McpGate writes as, and the server's rule for one.</summary>
public static class FieldManagers
{
    /// <summary>Sent as <c>fieldManager</c> on every write unless a request names another.</summary>
    public const string Default = "mcpgate";

    /// <summary>The API server refuses longer <c>fieldManager</c> values.</summary>
    public const int MaxLength = 128;
}
