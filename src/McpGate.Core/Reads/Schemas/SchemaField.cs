namespace McpGate.Core.Reads.Schemas;

/// <summary>A kind or one of its fields, as kubectl explain shows it.</summary>
public sealed record SchemaField
{
    /// <summary>The dotted path inside the kind; empty for the kind itself.</summary>
    public required string Path { get; init; }

    /// <summary>kubectl's spelling: <c>string</c>, <c>integer</c>, <c>[]Container</c>, <c>map[string]string</c>, <c>Object</c>, <c>Quantity</c>.</summary>
    public required string Type { get; init; }

    public required string Description { get; init; }

    /// <summary>The fields of the field's object type (of its items for a list, its values for a map); empty for scalars.</summary>
    public required IReadOnlyList<SchemaProperty> Fields { get; init; }
}
