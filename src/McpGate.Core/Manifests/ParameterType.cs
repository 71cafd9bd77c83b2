using System.Diagnostics.CodeAnalysis;

namespace McpGate.Core.Manifests;

/// <summary>
/// JSON types a parameter may take. Bound values are <see cref="string"/>, <see cref="long"/>,
/// <see cref="double"/> and <see cref="bool"/> respectively.
/// </summary>
[SuppressMessage("Naming", "CA1720", Justification = "Members are JSON Schema type names.")]
public enum ParameterType
{
    String,
    Integer,
    Number,
    Boolean,
}
