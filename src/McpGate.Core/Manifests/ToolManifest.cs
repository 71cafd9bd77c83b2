using System.Text.Json;

namespace McpGate.Core.Manifests;

/// <summary>One tool, parsed and validated from <c>tool-manifests/*.yaml</c>.</summary>
public sealed record ToolManifest
{
    /// <summary>snake_case MCP tool name.</summary>
    public required string Name { get; init; }

    public required string Title { get; init; }

    public required string Description { get; init; }

    public required ToolAccess Access { get; init; }

    public required ToolRisk Risk { get; init; }

    /// <summary>Parameters in the order the manifest declares them.</summary>
    public required IReadOnlyList<ParameterSpec> Parameters { get; init; }

    public required OperationSpec Operation { get; init; }

    /// <summary>What the engine checks after a write; always set for write tools, null for reads.</summary>
    public VerifySpec? Verify { get; init; }

    /// <summary>
    /// Proof checks from the library (McpGate.Core.Checks) the engine runs after its built-in ones,
    /// in manifest order; write tools only, empty when the manifest picks none.
    /// </summary>
    public IReadOnlyList<string> Checks { get; init; } = [];

    /// <summary>The file the manifest came from, as given to the loader.</summary>
    public required string SourcePath { get; init; }

    /// <summary>The file's text as the loader read it (what <c>mcpgate://manifests/{tool}</c> serves); empty for manifests built in code.</summary>
    public string SourceText { get; init; } = string.Empty;

    public ToolHints Hints => new()
    {
        ReadOnly = Access == ToolAccess.Read,
        Destructive = Access == ToolAccess.Write,
        Idempotent = Access == ToolAccess.Read || Operation.Action is OperationAction.Scale,
        OpenWorld = false,
    };

    public ParameterSpec? FindParameter(string name) =>
        Parameters.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.Ordinal));

    /// <summary>The JSON Schema (draft 2020-12) the MCP client sees as the tool's input schema.</summary>
    public JsonElement BuildInputSchema() => InputSchemaBuilder.Build(this);
}
