using Microsoft.Net.Http.Headers;

namespace McpGate.Server.Http;

/// <summary>The header checks of a Streamable HTTP POST, as pure functions.</summary>
public static class McpRequestRules
{
    /// <summary>The protocol revisions whose <c>MCP-Protocol-Version</c> header is accepted (Streamable HTTP began with 2025-03-26).</summary>
    public static IReadOnlyList<string> ProtocolVersions { get; } = ["2025-03-26", "2025-06-18", "2025-11-25", "2026-07-28"];

    /// <summary>Whether <c>Accept</c> allows both <c>application/json</c> and <c>text/event-stream</c> (wildcards count; q=0 refuses).</summary>
    public static bool AcceptsJsonAndEventStream(IList<string>? accept)
    {
        if (accept is null || !MediaTypeHeaderValue.TryParseList(accept, out var ranges))
        {
            return false;
        }

        return Allows(ranges, "application", "json") && Allows(ranges, "text", "event-stream");
    }

    /// <summary>Whether <c>Accept</c> allows <c>text/event-stream</c> (a GET stream; wildcards count; q=0 refuses).</summary>
    public static bool AcceptsEventStream(IList<string>? accept) =>
        accept is not null && MediaTypeHeaderValue.TryParseList(accept, out var ranges) && Allows(ranges, "text", "event-stream");

    /// <summary>
    /// Whether a request's <c>MCP-Protocol-Version</c> belongs to a revision with sessions: none (a
    /// client on 2025-03-26, or an initialize) up to 2025-11-25. 2026-07-28 removed sessions (and
    /// initialize): such a request is served on its own, and GET and DELETE do not apply.
    /// </summary>
    public static bool HasSessions(IList<string>? protocolVersion) =>
        protocolVersion is null || protocolVersion.Count == 0
        || protocolVersion.All(v => v is null || string.CompareOrdinal(v, SessionlessSince) < 0);

    /// <summary>The first protocol revision without sessions.</summary>
    public const string SessionlessSince = "2026-07-28";

    /// <summary>Whether the body is declared JSON: <c>application/json</c>, optionally with <c>charset=utf-8</c>.</summary>
    public static bool IsJsonContent(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var type)
        && type.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
        && (type.Charset.Length == 0 || type.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase))
        && type.Parameters.All(p => p.Name.Equals("charset", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Whether a request with this <c>Origin</c> may proceed: no Origin (not a browser), or one of the
    /// allowed origins exactly (scheme, host and port; case ignored). <c>null</c> and anything else are refused.
    /// </summary>
    public static bool OriginAllowed(IList<string>? origin, IReadOnlyCollection<string> allowed)
    {
        ArgumentNullException.ThrowIfNull(allowed);
        if (origin is null || origin.Count == 0)
        {
            return true;
        }

        return origin.Count == 1 && allowed.Any(a => string.Equals(a.TrimEnd('/'), origin[0], StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The token of an <c>Authorization: Bearer TOKEN</c> header (scheme case ignored), or null.</summary>
    public static string? BearerToken(IList<string>? authorization)
    {
        if (authorization is null || authorization.Count != 1 || authorization[0] is not { } value)
        {
            return null;
        }

        const string Scheme = "Bearer ";
        return value.Length > Scheme.Length && value.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) && !value.AsSpan(Scheme.Length).Contains(' ')
            ? value[Scheme.Length..]
            : null;
    }

    private static bool Allows(IList<MediaTypeHeaderValue> ranges, string type, string subtype) =>
        ranges.Any(r => (r.Quality ?? 1) > 0
            && (r.Type.Equals("*", StringComparison.Ordinal) || r.Type.Equals(type, StringComparison.OrdinalIgnoreCase))
            && (r.SubType.Equals("*", StringComparison.Ordinal) || r.SubType.Equals(subtype, StringComparison.OrdinalIgnoreCase)));
}
