namespace McpGate.Kubernetes.Api;

/// <summary>How a PATCH body is interpreted; each maps to its content type.</summary>
public enum KubePatchType
{
    /// <summary>RFC 7386 JSON merge patch: <c>application/merge-patch+json</c>.</summary>
    Merge = 0,

    /// <summary>RFC 6902 JSON patch (an array of operations): <c>application/json-patch+json</c>.</summary>
    Json,

    /// <summary>Kubernetes strategic merge patch: <c>application/strategic-merge-patch+json</c>.</summary>
    StrategicMerge,
}
