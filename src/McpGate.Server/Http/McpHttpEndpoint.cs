using McpGate.Core.Manifests;
using McpGate.Core.Tokens;
using McpGate.Server.Hosting;
using McpGate.Server.Transport;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpGate.Server.Http;

/// <summary>
/// <c>/mcp</c>, Streamable HTTP: every request is authenticated by its bearer token and counted
/// against the identity's rate limit; POSTs are checked (method, content type, Accept, size,
/// JSON-RPC shape) and served by the SDK's <see cref="StreamableHttpServerTransport"/> with the same
/// tools as stdio, in a session (<c>Mcp-Session-Id</c>, opened by initialize) or, with
/// <see cref="GateHttpOptions.Stateless"/> or on a protocol revision without sessions, by a server
/// of their own. The bearer token's agent rides on each message as its user: the tools take the
/// requester from it.
/// </summary>
internal sealed partial class McpHttpEndpoint(
    GateHttpOptions options,
    AgentTokenReloader tokens,
    HttpSessionStore sessions,
    AgentRateLimiter limiter,
    GateContext gate,
    IServiceProvider services,
    IHostApplicationLifetime lifetime,
    ILoggerFactory loggerFactory)
{
    private const string ProtocolVersionHeader = "MCP-Protocol-Version";
    private const string SessionIdHeader = "Mcp-Session-Id";

    private readonly ILogger _logger = loggerFactory.CreateLogger<McpHttpEndpoint>();

    private readonly HashSet<string> _writeTools = [.. gate.Manifests.Tools.Where(t => t.Access == ToolAccess.Write).Select(t => t.Name)];

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        if (await AuthenticateAsync(context).ConfigureAwait(false) is not { } agent)
        {
            return;
        }

        if (limiter.TryCall(agent.Identity) is { } wait)
        {
            await RefuseTooManyAsync(context, agent, wait, $"{agent.Identity} made more than {limiter.CallsPerMinute} requests in a minute (serve --calls-per-minute)").ConfigureAwait(false);
            return;
        }

        var sessionsApply = !options.Stateless && McpRequestRules.HasSessions(request.Headers[ProtocolVersionHeader]);
        if (HttpMethods.IsPost(request.Method))
        {
            await HandlePostAsync(context, agent, sessionsApply).ConfigureAwait(false);
        }
        else if (sessionsApply && HttpMethods.IsGet(request.Method))
        {
            await HandleGetAsync(context, agent).ConfigureAwait(false);
        }
        else if (sessionsApply && HttpMethods.IsDelete(request.Method))
        {
            await HandleDeleteAsync(context, agent).ConfigureAwait(false);
        }
        else
        {
            context.Response.Headers.Allow = sessionsApply ? "GET, POST, DELETE" : "POST";
            await RefuseAsync(context, StatusCodes.Status405MethodNotAllowed, sessionsApply
                ? $"method {request.Method} is not served: POST sends messages, GET opens a session's stream, DELETE ends a session"
                : options.Stateless
                    ? $"method {request.Method} is not served: this gate is stateless (serve --stateless), POST only (no GET stream, no DELETE of a session)"
                    : $"method {request.Method} is not served on protocol revision {ControlText.Escape(request.Headers[ProtocolVersionHeader].ToString())}, which has no sessions: POST only").ConfigureAwait(false);
        }
    }

    /// <summary>The agent of the request's bearer token; otherwise the 401 (or 503) is written and null returned.</summary>
    private async Task<AgentToken?> AuthenticateAsync(HttpContext context)
    {
        var presented = McpRequestRules.BearerToken(context.Request.Headers.Authorization);
        var current = tokens.Current();
        if (current is null)
        {
            await RefuseAsync(context, StatusCodes.Status503ServiceUnavailable, "the gate's token file cannot be read; the operator's log says why").ConfigureAwait(false);
            return null;
        }

        if (current.Find(presented) is { } agent)
        {
            return agent;
        }

        context.Response.Headers.WWWAuthenticate = presented is null
            ? "Bearer realm=\"mcpgate\""
            : "Bearer realm=\"mcpgate\", error=\"invalid_token\"";
        await RefuseAsync(context, StatusCodes.Status401Unauthorized, presented is null
            ? "a bearer token is required (Authorization: Bearer TOKEN; the operator creates one with 'mcpgate tokens create')"
            : "the bearer token is not one this gate issued, or it was revoked").ConfigureAwait(false);
        return null;
    }

    private async Task<ReadOnlyMemory<byte>?> ReadBodyAsync(HttpContext context)
    {
        var tooLarge = $"the body is larger than {options.MaxBodyBytes} bytes";
        if (context.Request.ContentLength > options.MaxBodyBytes)
        {
            await RefuseAsync(context, StatusCodes.Status413PayloadTooLarge, tooLarge).ConfigureAwait(false);
            return null;
        }

        using var buffer = new MemoryStream();
        try
        {
            var chunk = new byte[16 * 1024];
            int read;
            while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > options.MaxBodyBytes)
                {
                    await RefuseAsync(context, StatusCodes.Status413PayloadTooLarge, tooLarge).ConfigureAwait(false);
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await RefuseAsync(context, StatusCodes.Status413PayloadTooLarge, tooLarge).ConfigureAwait(false);
            return null;
        }

        return buffer.ToArray();
    }

    private async Task ServeStatelessAsync(HttpContext context, JsonRpcMessage message, AgentToken agent, string? protocolVersion)
    {
        message.Context = new JsonRpcMessageContext { User = AgentPrincipal.Create(agent), ProtocolVersion = protocolVersion };
        var serverOptions = services.GetRequiredService<IOptionsFactory<McpServerOptions>>().Create(Options.DefaultName);
        serverOptions.ScopeRequests = false;
        var transport = new StreamableHttpServerTransport(loggerFactory) { Stateless = true };
        var server = McpServer.Create(transport, serverOptions, loggerFactory, context.RequestServices);
        var run = server.RunAsync(context.RequestAborted);
        try
        {
            var wrote = await transport.HandlePostRequestAsync(message, context.Response.Body, _ =>
            {
                StartEventStream(context);
                return default;
            }, context.RequestAborted).ConfigureAwait(false);
            if (!wrote)
            {
                context.Response.StatusCode = StatusCodes.Status202Accepted;
            }
        }
        finally
        {
            await transport.DisposeAsync().ConfigureAwait(false);
            try
            {
                await run.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // The client went away.
            }

            await server.DisposeAsync().ConfigureAwait(false);
        }

        var method = message is JsonRpcRequest rpc ? ControlText.Escape(rpc.Method) : message is JsonRpcNotification n ? ControlText.Escape(n.Method) : "response";
        HttpLog.Served(_logger, method, agent.Identity, agent.HashPrefix, context.Response.StatusCode);
    }

    /// <summary>The headers of an SSE response, with buffering off so each event leaves at once.</summary>
    private static void StartEventStream(HttpContext context)
    {
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache,no-store";
        context.Response.Headers.ContentEncoding = "identity";
        context.Response.Headers["X-Accel-Buffering"] = "no";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
    }

    /// <summary>429 with <c>Retry-After</c> (whole seconds, rounded up) and the JSON-RPC error body of every refusal.</summary>
    private Task RefuseTooManyAsync(HttpContext context, AgentToken agent, TimeSpan wait, string reason)
    {
        var seconds = GateHttpLimits.RetryAfterSeconds(wait);
        context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        HttpLog.RateLimited(_logger, agent.Identity, agent.HashPrefix, reason);
        return RefuseAsync(context, StatusCodes.Status429TooManyRequests, $"rate limit: {reason}; retry after {seconds} s");
    }

    /// <summary>Writes an HTTP refusal with a JSON-RPC error body (id null) that MCP clients show, and logs it.</summary>
    internal Task RefuseAsync(HttpContext context, int status, string reason, int code = (int)McpErrorCode.InvalidRequest)
    {
        var method = ControlText.Escape(context.Request.Method);
        var path = ControlText.Escape(context.Request.Path.Value ?? "/");
        HttpLog.Refused(_logger, method, path, status, reason);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.Body.WriteAsync(JsonRpcErrorLine.Create(null, (McpErrorCode)code, reason), context.RequestAborted).AsTask();
    }
}
