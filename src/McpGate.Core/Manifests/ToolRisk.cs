namespace McpGate.Core.Manifests;

public enum ToolRisk
{
    Low,
    Medium,
    High,
}
