namespace McpGate.Sandbox.Faults;

/// <summary>
/// A fault scripted for the next <see cref="Count"/> requests whose method matches
/// <see cref="Method"/> (any when null, case-insensitive) and whose path starts with
/// <see cref="PathPrefix"/> (ordinal, query string excluded). Faults apply before authentication,
/// as a throttling proxy or a crashing API server would, and the request is not executed.
/// </summary>
/// <example>
/// <code>
/// cluster.Faults.Add(new SandboxFault { Kind = SandboxFaultKind.TooManyRequests, Method = "GET",
///     PathPrefix = "/apis/apps/v1/namespaces/demo/deployments", Count = 2, RetryAfter = TimeSpan.FromSeconds(1) });
/// </code>
/// </example>
public sealed record SandboxFault
{
    /// <summary>HTTP method to match ("GET", "PATCH"...); null matches every method.</summary>
    public string? Method { get; init; }

    /// <summary>Request path prefix to match, e.g. "/apis/apps/v1/"; "/" matches everything.</summary>
    public string PathPrefix { get; init; } = "/";

    /// <summary>How many matching requests this fault hits before it is used up; at least 1.</summary>
    public int Count { get; init; } = 1;

    /// <summary>What happens to a matching request.</summary>
    public required SandboxFaultKind Kind { get; init; }

    /// <summary>For <see cref="SandboxFaultKind.ServerError"/>: the HTTP status (500 when 0).</summary>
    public int StatusCode { get; init; }

    /// <summary>For <see cref="SandboxFaultKind.TooManyRequests"/>: the Retry-After value, rounded up to whole seconds (1 s when null).</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>For <see cref="SandboxFaultKind.Delay"/>: how long to hold the request before serving it.</summary>
    public TimeSpan? Delay { get; init; }

    internal bool Matches(string method, string path) =>
        (Method is null || string.Equals(Method, method, StringComparison.OrdinalIgnoreCase))
        && path.StartsWith(PathPrefix, StringComparison.Ordinal);
}
