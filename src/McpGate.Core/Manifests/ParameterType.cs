using System.Diagnostics.CodeAnalysis;

namespace McpGate.Core.Manifests;

/// <summary>
/// JSON types a parameter may take. Bound values are <see cref="string"/>, <see cref="long"/>,
/// <see cref="double"/>, <see cref="bool"/> and, for <see cref="Map"/>, an
/// <see cref="IReadOnlyDictionary{TKey, TValue}"/> of string to string-or-null, respectively.
/// </summary>
[SuppressMessage("Naming", "CA1720", Justification = "Members are JSON Schema type names.")]
public enum ParameterType
{
    String,
    Integer,
    Number,
    Boolean,

    /// <summary>A JSON object of keys to string values or null (remove the key), e.g. a ConfigMap's data; see <see cref="MapArgument"/>.</summary>
    Map,
}
