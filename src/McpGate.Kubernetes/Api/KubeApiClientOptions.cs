namespace McpGate.Kubernetes.Api;

/// <summary>Timeouts and retry limits of <see cref="KubeApiClient"/>.</summary>
public sealed record KubeApiClientOptions
{
    /// <summary>Whole-call budget, retries included.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Budget for one connection: TCP connect plus TLS handshake.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Attempts for reads (GET, LIST), the first included. Writes are never retried once sent.</summary>
    public int MaxReadAttempts { get; init; } = 3;

    /// <summary>First backoff delay; doubles each attempt, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Upper bound on a server's <c>Retry-After</c>.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long an exec credential plugin may run before it is stopped.</summary>
    public TimeSpan ExecTimeout { get; init; } = TimeSpan.FromSeconds(60);

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
