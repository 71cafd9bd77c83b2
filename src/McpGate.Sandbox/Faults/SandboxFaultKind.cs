namespace McpGate.Sandbox.Faults;

/// <summary>What a scripted <see cref="SandboxFault"/> does to a matching request.</summary>
public enum SandboxFaultKind
{
    /// <summary>429 TooManyRequests v1.Status with a <c>Retry-After</c> header (<see cref="SandboxFault.RetryAfter"/>, default 1 s).</summary>
    TooManyRequests,

    /// <summary>
    /// A v1.Status error with <see cref="SandboxFault.StatusCode"/> (default 500): 500 InternalError,
    /// 503 ServiceUnavailable, 504 Timeout, anything else InternalError with that code.
    /// </summary>
    ServerError,

    /// <summary>Aborts the connection without writing a response; the client sees a transport error.</summary>
    DropConnection,

    /// <summary>Waits <see cref="SandboxFault.Delay"/> and then serves the request normally.</summary>
    Delay,
}
