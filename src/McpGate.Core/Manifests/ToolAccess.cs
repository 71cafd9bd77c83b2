namespace McpGate.Core.Manifests;

/// <summary>Whether a tool only reads (passes straight through) or writes (goes through the engine).</summary>
public enum ToolAccess
{
    Read,
    Write,
}
