using Microsoft.AspNetCore.Http;

namespace McpGate.Server.Http;

/// <summary>
/// Every HTTP request: a present <c>Origin</c> that is not allowed gets 403 first (DNS rebinding),
/// then <c>/mcp</c>, <c>/healthz</c> and <c>/readyz</c> by exact path; anything else is 404.
/// </summary>
internal sealed class GateHttpDispatcher(GateHttpOptions options, McpHttpEndpoint mcp, HealthEndpoints health)
{
    public Task DispatchAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!McpRequestRules.OriginAllowed(context.Request.Headers.Origin, options.AllowedOrigins))
        {
            return mcp.RefuseAsync(context, StatusCodes.Status403Forbidden, "this Origin is not allowed to call the gate (serve --allow-origin lists the allowed ones)");
        }

        var path = context.Request.Path.Value;
        if (string.Equals(path, "/mcp", StringComparison.Ordinal))
        {
            return mcp.HandleAsync(context);
        }

        var probe = string.Equals(path, "/healthz", StringComparison.Ordinal) ? HealthEndpoints.HealthyAsync
            : string.Equals(path, "/readyz", StringComparison.Ordinal) ? health.ReadyAsync
            : (Func<HttpContext, Task>?)null;
        if (probe is null)
        {
            return mcp.RefuseAsync(context, StatusCodes.Status404NotFound, "not found: MCP is served at /mcp, probes at /healthz and /readyz");
        }

        if (!HttpMethods.IsGet(context.Request.Method))
        {
            context.Response.Headers.Allow = "GET";
            return mcp.RefuseAsync(context, StatusCodes.Status405MethodNotAllowed, $"method {context.Request.Method} is not served here: GET only");
        }

        return probe(context);
    }
}
