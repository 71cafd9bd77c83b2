using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace McpGate.Kubernetes.Api;

/// <summary>Turns a non-2xx response body into a <see cref="KubeApiException"/>, whether or not it is a <c>v1.Status</c>.</summary>
internal static class KubeStatusParser
{
    private const int MaxBodyExcerpt = 200;

    /// <summary>
    /// Builds the exception; <paramref name="cluster"/> (e.g. <c>cluster 'prod' (https://...)</c>) and a
    /// what-to-do hint are added to the message when given.
    /// </summary>
    public static KubeApiException ToException(HttpMethod method, string path, HttpStatusCode statusCode, string body, string? cluster = null)
    {
        var status = TryParseStatus(body);
        var reasonText = status?["reason"]?.GetValueKind() == JsonValueKind.String ? status["reason"]!.GetValue<string>() : null;
        var reason = ParseReason(reasonText, statusCode);
        var request = cluster is null ? $"{method.Method} {path}" : $"{method.Method} {path} on {cluster}";
        var hint = cluster is null ? string.Empty : KubeErrorAdvice.For(reason) is { } advice ? ". " + advice : string.Empty;
        if (status is null)
        {
            var excerpt = body.Length > MaxBodyExcerpt ? body[..MaxBodyExcerpt] + "..." : body;
            var message = excerpt.Trim().Length == 0
                ? $"{request} failed with HTTP {(int)statusCode} {reason} (empty body){hint}"
                : $"{request} failed with HTTP {(int)statusCode} {reason}; the body is not a Kubernetes Status: {excerpt.Trim()}{hint}";
            return new KubeApiException(statusCode, reason, message);
        }

        var statusMessage = String(status, "message");
        var details = status["details"] as JsonObject;
        var causes = (details?["causes"] as JsonArray)?.OfType<JsonObject>()
            .Select(c => new KubeStatusCause { Reason = String(c, "reason"), Message = String(c, "message"), Field = String(c, "field") })
            .ToList() ?? [];
        var parsedDetails = details is null ? null : new KubeStatusDetails
        {
            Name = String(details, "name"),
            Group = String(details, "group"),
            Kind = String(details, "kind"),
            Uid = String(details, "uid"),
            RetryAfterSeconds = details["retryAfterSeconds"] is JsonValue v && v.TryGetValue<int>(out var seconds) ? seconds : null,
        };

        var text = new StringBuilder()
            .Append(request).Append(" failed with HTTP ").Append((int)statusCode).Append(' ').Append(reasonText ?? reason.ToString());
        if (!string.IsNullOrEmpty(statusMessage))
        {
            text.Append(": ").Append(statusMessage);
        }

        if (causes.Count > 0 && (statusMessage is null || !causes.All(c => c.Message is not null && statusMessage.Contains(c.Message, StringComparison.Ordinal))))
        {
            text.Append(" (").AppendJoin("; ", causes).Append(')');
        }

        text.Append(hint);

        return new KubeApiException(statusCode, reason, text.ToString(), statusMessage, parsedDetails, causes)
        {
            StatusReason = reasonText,
            HasStatus = true,
        };
    }

    /// <summary>Maps a Status reason, falling back to the HTTP status code when the reason is absent or unknown.</summary>
    public static KubeApiReason ParseReason(string? reason, HttpStatusCode statusCode) => reason switch
    {
        "BadRequest" => KubeApiReason.BadRequest,
        "Unauthorized" => KubeApiReason.Unauthorized,
        "Forbidden" => KubeApiReason.Forbidden,
        "NotFound" => KubeApiReason.NotFound,
        "AlreadyExists" => KubeApiReason.AlreadyExists,
        "Conflict" => KubeApiReason.Conflict,
        "Gone" => KubeApiReason.Gone,
        "Expired" => KubeApiReason.Expired,
        "Invalid" => KubeApiReason.Invalid,
        "MethodNotAllowed" => KubeApiReason.MethodNotAllowed,
        "UnsupportedMediaType" => KubeApiReason.UnsupportedMediaType,
        "RequestEntityTooLarge" => KubeApiReason.RequestEntityTooLarge,
        "TooManyRequests" => KubeApiReason.TooManyRequests,
        "InternalError" => KubeApiReason.InternalError,
        "ServiceUnavailable" => KubeApiReason.ServiceUnavailable,
        "Timeout" or "ServerTimeout" => KubeApiReason.Timeout,
        _ => (int)statusCode switch
        {
            400 => KubeApiReason.BadRequest,
            401 => KubeApiReason.Unauthorized,
            403 => KubeApiReason.Forbidden,
            404 => KubeApiReason.NotFound,
            405 => KubeApiReason.MethodNotAllowed,
            409 => KubeApiReason.Conflict,
            410 => KubeApiReason.Gone,
            413 => KubeApiReason.RequestEntityTooLarge,
            415 => KubeApiReason.UnsupportedMediaType,
            422 => KubeApiReason.Invalid,
            429 => KubeApiReason.TooManyRequests,
            500 => KubeApiReason.InternalError,
            503 => KubeApiReason.ServiceUnavailable,
            504 => KubeApiReason.Timeout,
            _ => KubeApiReason.Unknown,
        },
    };

    private static JsonObject? TryParseStatus(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(body) is JsonObject o && String(o, "kind") == "Status" ? o : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? String(JsonObject obj, string name) =>
        obj[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
