using System.Collections.Frozen;
using Microsoft.AspNetCore.Http;

namespace McpGate.Server.Approvals;

/// <summary>
/// The web approval page: one HTML file, one script and one style sheet, embedded in this
/// assembly and served at <c>/</c>, <c>/approvals.js</c> and <c>/approvals.css</c> by the
/// approval listener. The page loads nothing from anywhere else. Its Content-Security-Policy
/// allows only this origin's script, style and connections, no inline script, no framing.
/// </summary>
internal static class ApprovalsPage
{
    /// <summary>Only this origin's files and API; no inline script or style, no plugins, no framing, no form posts.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
        + "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static readonly FrozenDictionary<string, (string Resource, string ContentType)> s_files = new Dictionary<string, (string, string)>(StringComparer.Ordinal)
    {
        ["/"] = ("index.html", "text/html; charset=utf-8"),
        ["/approvals.js"] = ("approvals.js", "text/javascript; charset=utf-8"),
        ["/approvals.css"] = ("approvals.css", "text/css; charset=utf-8"),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, byte[]> s_contents = s_files.Values
        .ToFrozenDictionary(f => f.Resource, f => Read(f.Resource), StringComparer.Ordinal);

    public static bool Serves(string path) => s_files.ContainsKey(path);

    public static async Task ServeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (resource, contentType) = s_files[context.Request.Path.Value!];
        var body = s_contents[resource];
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers["Cross-Origin-Resource-Policy"] = "same-origin";
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = contentType;
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
    }

    private static byte[] Read(string resource)
    {
        using var stream = typeof(ApprovalsPage).Assembly.GetManifestResourceStream($"McpGate.Server.Approvals.Page.{resource}")
            ?? throw new InvalidOperationException($"the approval page's {resource} is not embedded in {typeof(ApprovalsPage).Assembly.GetName().Name}");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}
