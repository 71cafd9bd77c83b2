namespace McpGate.Core.Reads.Schemas;

/// <summary>One sub-field of an explained field: its name, type as kubectl explain spells it (<c>[]Container</c>), whether required, its description.</summary>
public sealed record SchemaProperty(string Name, string Type, bool Required, string Description);
