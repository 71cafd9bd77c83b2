namespace McpGate.Kubernetes.Api;

/// <summary>The <c>reason</c> of a Kubernetes <c>v1.Status</c>, or the one implied by the HTTP status code.</summary>
public enum KubeApiReason
{
    Unknown = 0,
    BadRequest,
    Unauthorized,
    Forbidden,
    NotFound,
    AlreadyExists,
    Conflict,
    Gone,
    Invalid,
    MethodNotAllowed,
    UnsupportedMediaType,
    RequestEntityTooLarge,
    TooManyRequests,
    InternalError,
    ServiceUnavailable,
    Timeout,

    /// <summary>HTTP 410 with reason Expired: a list continue token or watch resourceVersion is too old.</summary>
    Expired,
}
