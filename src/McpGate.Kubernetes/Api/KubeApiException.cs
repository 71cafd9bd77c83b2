using System.Net;

namespace McpGate.Kubernetes.Api;

/// <summary>
/// The API server answered with a non-2xx status. Carries the parsed <c>v1.Status</c>
/// (reason, message, details, causes); <see cref="Exception.Message"/> is operator-readable.
/// </summary>
public class KubeApiException : Exception
{
    public KubeApiException()
    {
    }

    public KubeApiException(string message)
        : base(message)
    {
    }

    public KubeApiException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public KubeApiException(
        HttpStatusCode statusCode,
        KubeApiReason reason,
        string message,
        string? statusMessage = null,
        KubeStatusDetails? details = null,
        IReadOnlyList<KubeStatusCause>? causes = null)
        : base(message)
    {
        StatusCode = statusCode;
        Reason = reason;
        StatusMessage = statusMessage;
        Details = details;
        Causes = causes ?? [];
    }

    public HttpStatusCode StatusCode { get; }

    public KubeApiReason Reason { get; }

    /// <summary>
    /// The <c>reason</c> exactly as the body's <c>v1.Status</c> gave it; null when the body was not a Status
    /// (a proxy's or a wrong path's plain 404) or the Status had no reason.
    /// </summary>
    public string? StatusReason { get; init; }

    /// <summary>True when the body was a <c>v1.Status</c>.</summary>
    public bool HasStatus { get; init; }

    /// <summary>The server's own <c>message</c>, when the body was a Status.</summary>
    public string? StatusMessage { get; }

    public KubeStatusDetails? Details { get; }

    /// <summary>Field-level causes, mostly for <see cref="KubeApiReason.Invalid"/>.</summary>
    public IReadOnlyList<KubeStatusCause> Causes { get; } = [];
}
