using System.Text.Json;
using ModelContextProtocol.Protocol;

namespace McpGate.Server.Tools;

/// <summary>How the gate's own read-only tools (get_change, changes_list) describe themselves.</summary>
internal static class GateReadTool
{
    /// <summary>A tool that reads the gate's ledger only: read-only, not destructive, idempotent, closed world.</summary>
    public static Tool Describe(string name, string title, string description, JsonElement inputSchema) => new()
    {
        Name = name,
        Title = title,
        Description = description,
        InputSchema = inputSchema,
        Annotations = new ToolAnnotations
        {
            Title = title,
            ReadOnlyHint = true,
            DestructiveHint = false,
            IdempotentHint = true,
            OpenWorldHint = false,
        },
    };
}
