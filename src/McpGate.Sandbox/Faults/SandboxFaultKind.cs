namespace McpGate.Sandbox.Faults;

/// <summary>What a scripted <see cref="SandboxFault"/> does to a matching request.</summary>
public enum SandboxFaultKind
{
    /// <summary>429 TooManyRequests v1.Status with a <c>Retry-After</c> header (<see cref="SandboxFault.RetryAfter"/>, default 1 s).</summary>
    TooManyRequests,

    /// <summary>
    /// A v1.Status error with <see cref="SandboxFault.StatusCode"/> (default 500) and the reason the
    /// API server sends with that code: 400 BadRequest, 401 Unauthorized, 403 Forbidden, 404 NotFound,
    /// 405 MethodNotAllowed, 409 Conflict, 410 Expired, 413 RequestEntityTooLarge, 415
    /// UnsupportedMediaType, 422 Invalid, 429 TooManyRequests (with Retry-After: 1), 500 InternalError,
    /// 503 ServiceUnavailable, 504 Timeout; any other 5xx InternalError, any other 4xx no reason.
    /// </summary>
    ServerError,

    /// <summary>Aborts the connection without writing a response; the client sees a transport error.</summary>
    DropConnection,

    /// <summary>Waits <see cref="SandboxFault.Delay"/> and then serves the request normally.</summary>
    Delay,
}
