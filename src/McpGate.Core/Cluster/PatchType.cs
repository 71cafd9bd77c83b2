using System.Text.Json.Serialization;
using McpGate.Core.Json;

namespace McpGate.Core.Cluster;

/// <summary>How the body of a <see cref="PatchRequest"/> is interpreted by the server.</summary>
[JsonConverter(typeof(SnakeCaseEnumConverter<PatchType>))]
public enum PatchType
{
    /// <summary>RFC 7386 JSON merge patch: an object; <c>null</c> removes a field, arrays are replaced whole.</summary>
    Merge = 0,

    /// <summary>RFC 6902 JSON patch: an array of operations (<c>add</c>, <c>remove</c>, <c>replace</c>, <c>move</c>, <c>copy</c>, <c>test</c>).</summary>
    Json,

    /// <summary>Kubernetes strategic merge patch: an object; lists with a merge key (containers by <c>name</c>...) merge element by element.</summary>
    StrategicMerge,
}
