using System.Net;
using McpGate.Core.Cluster;
using McpGate.Kubernetes.Api;
using McpGate.Kubernetes.Authentication;
using McpGate.Kubernetes.Http;

namespace McpGate.Kubernetes;

/// <summary>Translates client failures to <see cref="ClusterException"/> with a kind the engine acts on and a message an operator can read.</summary>
internal static class ClusterErrorTranslator
{
    /// <summary>Client failures the engine gets as <see cref="ClusterException"/>; a cancellation the caller asked for stays one.</summary>
    public static bool IsTranslatable(Exception exception, CancellationToken cancellationToken) =>
        exception is KubeApiException or TimeoutException or HttpRequestException or KubeAuthenticationException or InvalidClusterRequestException
        || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    public static ClusterException Translate(Exception exception, string verb, ResourceRef target, string clusterName)
    {
        var translated = TranslateUnredacted(exception, verb, target, clusterName);
        return new ClusterException(translated.Kind, translated.StatusCode, UrlCredentials.Redact(translated.Message), exception);
    }

    /// <summary>
    /// A JSON patch whose resourceVersion <c>test</c> failed (422 on the wire), reported with the kind the
    /// other patch types get for the same precondition: <see cref="ClusterErrorKind.Conflict"/>, or NotFound when the object is gone.
    /// </summary>
    public static ClusterException PreconditionFailed(KubeApiException failure, string verb, ResourceRef target, string clusterName, ClusterErrorKind kind, string detail)
    {
        var what = $"{verb} {target.Resource} {target} on cluster '{clusterName}'";
        var advice = kind == ClusterErrorKind.NotFound
            ? "the object was deleted since it was read"
            : "the object changed since it was read; re-read it, re-prove and re-approve the change";
        var message = $"{what} failed ({(int)failure.StatusCode} {failure.Reason}): the resourceVersion precondition failed: {detail}; {advice}";
        return new ClusterException(kind, (int)failure.StatusCode, UrlCredentials.Redact(message), failure);
    }

    private static ClusterException TranslateUnredacted(Exception exception, string verb, ResourceRef target, string clusterName)
    {
        var what = $"{verb} {target.Resource} {target} on cluster '{clusterName}'";
        return exception switch
        {
            KubeApiException api => FromApi(api, what, target),
            InvalidClusterRequestException invalid => new ClusterException(
                ClusterErrorKind.Invalid,
                null,
                $"{what} refused before sending: {invalid.Message}",
                exception),
            KubeAuthenticationException auth => new ClusterException(
                ClusterErrorKind.Unauthorized,
                null,
                $"{what} failed: no credential could be obtained: {auth.Message}",
                exception),
            TimeoutException => new ClusterException(ClusterErrorKind.Timeout, null, $"{what} timed out: {exception.Message}", exception),
            OperationCanceledException => new ClusterException(ClusterErrorKind.Timeout, null, $"{what} timed out ({exception.Message})", exception),
            ServerCertificateRejectedException rejected => new ClusterException(
                ClusterErrorKind.Unavailable,
                null,
                $"{what} failed: {rejected.Message}; check the server address, certificate-authority and tls-server-name in the kubeconfig",
                exception),
            HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError } http => new ClusterException(
                ClusterErrorKind.Unavailable,
                null,
                $"{what} failed: the TLS connection to the API server failed ({Causes(http)}); check the server address and that it serves HTTPS",
                exception),
            HttpRequestException http => new ClusterException(
                ClusterErrorKind.Unavailable,
                http.StatusCode is { } code ? (int)code : null,
                $"{what} failed: the API server could not be reached ({Causes(http)}); check the server address and network",
                exception),
            _ => new ClusterException(ClusterErrorKind.Other, null, $"{what} failed: {exception.Message}", exception),
        };
    }

    /// <summary>
    /// The messages of an exception and its inner ones, as one line: .NET's outer message for a failed
    /// connection ends "see inner exception", which the operator reading it cannot do.
    /// </summary>
    internal static string Causes(Exception exception)
    {
        var parts = new List<string>();
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is ServerCertificateRejectedException rejected)
            {
                // Its message says why; what it wraps only says that the handshake failed.
                parts.Add(rejected.Message);
                break;
            }

            var text = current.Message
                .Replace(", see inner exception", string.Empty, StringComparison.OrdinalIgnoreCase)
                .Replace("See the inner exception for details", string.Empty, StringComparison.OrdinalIgnoreCase)
                .Trim()
                .TrimEnd('.', ' ', ',');
            if (text.Length > 0 && !parts.Any(part => part.Contains(text, StringComparison.Ordinal)))
            {
                parts.Add(text);
            }
        }

        return string.Join(": ", parts);
    }

    private static ClusterException FromApi(KubeApiException api, string what, ResourceRef target)
    {
        var detail = api.StatusMessage ?? api.Message;
        var (kind, advice) = api.Reason switch
        {
            KubeApiReason.NotFound when api.StatusCode == HttpStatusCode.NotFound && !api.HasStatus && api.StatusMessage is null => (ClusterErrorKind.Other,
                "the API server does not serve this path: the API group/version may not be installed, or the server URL has a wrong path prefix"),
            KubeApiReason.NotFound or KubeApiReason.Gone or KubeApiReason.Expired => (ClusterErrorKind.NotFound, $"{target} does not exist"),
            KubeApiReason.AlreadyExists => (ClusterErrorKind.AlreadyExists,
                $"{target} already exists and was left unchanged; change it instead of creating it, or pick another name"),
            KubeApiReason.Conflict => (ClusterErrorKind.Conflict,
                "the object changed since it was read (or another field manager owns a field); re-read it, re-prove and re-approve the change"),
            KubeApiReason.TooManyRequests when IsDisruptionBudget(api) => (ClusterErrorKind.DisruptionBudget,
                "a PodDisruptionBudget allows no disruption now, so the pod was not evicted; wait until the budget allows it"),
            KubeApiReason.Invalid or KubeApiReason.BadRequest or KubeApiReason.UnsupportedMediaType or KubeApiReason.RequestEntityTooLarge
                or KubeApiReason.MethodNotAllowed => (ClusterErrorKind.Invalid, "the API server rejected the request as invalid"),
            KubeApiReason.Forbidden => (ClusterErrorKind.Forbidden, "the kubeconfig user lacks RBAC permission for this"),
            KubeApiReason.Unauthorized => (ClusterErrorKind.Unauthorized, "the API server did not accept the credentials; check the kubeconfig token or certificate"),
            KubeApiReason.TooManyRequests => (ClusterErrorKind.TooManyRequests, "the API server is throttling requests; try again later"),
            KubeApiReason.Timeout => (ClusterErrorKind.Timeout, "the API server timed out"),
            KubeApiReason.ServiceUnavailable or KubeApiReason.InternalError => (ClusterErrorKind.Unavailable, "the API server is failing; try again later"),
            _ => (api.StatusCode >= HttpStatusCode.InternalServerError ? ClusterErrorKind.Unavailable : ClusterErrorKind.Other, "unexpected answer"),
        };

        var causes = api.Causes.Count == 0 ? string.Empty : $" [{string.Join("; ", api.Causes)}]";
        return new ClusterException(kind, (int)api.StatusCode, $"{what} failed ({(int)api.StatusCode} {api.Reason}): {advice}. Server said: {detail}{causes}", api);
    }

    /// <summary>The eviction subresource's refusal: 429 like throttling, but with a <c>DisruptionBudget</c> cause.</summary>
    private static bool IsDisruptionBudget(KubeApiException api) =>
        api.Causes.Any(c => string.Equals(c.Reason, "DisruptionBudget", StringComparison.Ordinal));
}
