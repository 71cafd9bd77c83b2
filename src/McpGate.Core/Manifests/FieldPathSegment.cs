namespace McpGate.Core.Manifests;

/// <summary>
/// One step of an operation field's path: a field name (literal, quoted, or a <c>{parameter}</c>),
/// optionally selecting the element of a list whose <see cref="Key"/> equals <see cref="Value"/>
/// (<c>containers[name={container}]</c>). Name and value are templates until resolved.
/// </summary>
public sealed record FieldPathSegment
{
    public required string Name { get; init; }

    /// <summary>The key field of the selected list element; null when the segment is a plain field.</summary>
    public string? Key { get; init; }

    /// <summary>The selected element's key value (a template); null when the segment is a plain field.</summary>
    public string? Value { get; init; }

    public bool SelectsElement => Key is not null;

    public override string ToString() => Key is null ? Name : $"{Name}[{Key}={Value}]";
}
