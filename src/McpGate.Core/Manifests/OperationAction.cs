namespace McpGate.Core.Manifests;

/// <summary>What a tool does to its target. <see cref="Scale"/> writes; the others read.</summary>
public enum OperationAction
{
    List,
    Get,
    Scale,
}
