using McpGate.Core.Tokens;
using McpGate.Server.Transport;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpGate.Server.Http;

/// <summary>
/// <c>POST /mcp</c>, stateless Streamable HTTP: each POST is checked (token, method, content type,
/// Accept, size, JSON-RPC shape) and then served by a new SDK server over the SDK's
/// <see cref="StreamableHttpServerTransport"/>, with the same tools as stdio. The bearer token's
/// agent rides on the message as its user: the tools take the requester from it.
/// </summary>
internal sealed class McpHttpEndpoint(GateHttpOptions options, AgentTokenReloader tokens, ILoggerFactory loggerFactory)
{
    private const string ProtocolVersionHeader = "MCP-Protocol-Version";
    private const string SessionIdHeader = "Mcp-Session-Id";

    private readonly ILogger _logger = loggerFactory.CreateLogger<McpHttpEndpoint>();

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        if (await AuthenticateAsync(context).ConfigureAwait(false) is not { } agent)
        {
            return;
        }

        if (!HttpMethods.IsPost(request.Method))
        {
            context.Response.Headers.Allow = "POST";
            await RefuseAsync(context, StatusCodes.Status405MethodNotAllowed, $"method {request.Method} is not served: MCP over HTTP here is stateless, POST only (no GET stream, no DELETE of a session)").ConfigureAwait(false);
            return;
        }

        if (!McpRequestRules.IsJsonContent(request.ContentType))
        {
            await RefuseAsync(context, StatusCodes.Status415UnsupportedMediaType, "Content-Type must be application/json (charset utf-8 or none)").ConfigureAwait(false);
            return;
        }

        if (!McpRequestRules.AcceptsJsonAndEventStream(request.Headers.Accept))
        {
            await RefuseAsync(context, StatusCodes.Status406NotAcceptable, "Accept must allow both application/json and text/event-stream").ConfigureAwait(false);
            return;
        }

        if (request.Headers.ContainsKey(SessionIdHeader))
        {
            await RefuseAsync(context, StatusCodes.Status400BadRequest, $"{SessionIdHeader}: this server is stateless and issues no sessions; send requests without it").ConfigureAwait(false);
            return;
        }

        string? protocolVersion = request.Headers[ProtocolVersionHeader];
        if (protocolVersion is not null && !McpRequestRules.ProtocolVersions.Contains(protocolVersion, StringComparer.Ordinal))
        {
            await RefuseAsync(context, StatusCodes.Status400BadRequest, $"{ProtocolVersionHeader} {ControlText.Escape(protocolVersion)} is not supported (supported: {string.Join(", ", McpRequestRules.ProtocolVersions)})", -32022).ConfigureAwait(false);
            return;
        }

        if (await ReadBodyAsync(context).ConfigureAwait(false) is not { } body)
        {
            return;
        }

        var verdict = JsonRpcGuard.Inspect(new JsonRpcLine(body, Oversized: false), (int)options.MaxBodyBytes);
        if (verdict.Message is not { } message)
        {
            if (verdict.Code is { } code)
            {
                var refusal = ControlText.Escape(verdict.Reason);
                HttpLog.MessageRefused(_logger, agent.Identity, (int)code, refusal);
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                context.Response.ContentType = "application/json";
                await context.Response.Body.WriteAsync(JsonRpcErrorLine.Create(verdict.Id, code, verdict.Reason), context.RequestAborted).ConfigureAwait(false);
            }
            else
            {
                var dropped = ControlText.Escape(verdict.Reason);
                TransportLog.NotificationDropped(_logger, dropped);
                context.Response.StatusCode = StatusCodes.Status202Accepted;
            }

            return;
        }

        await ServeAsync(context, message, agent, protocolVersion).ConfigureAwait(false);
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

    private async Task ServeAsync(HttpContext context, JsonRpcMessage message, AgentToken agent, string? protocolVersion)
    {
        message.Context = new JsonRpcMessageContext { User = AgentPrincipal.Create(agent), ProtocolVersion = protocolVersion };
        var serverOptions = context.RequestServices.GetRequiredService<IOptionsFactory<McpServerOptions>>().Create(Options.DefaultName);
        serverOptions.ScopeRequests = false;
        var transport = new StreamableHttpServerTransport(loggerFactory) { Stateless = true };
        var server = McpServer.Create(transport, serverOptions, loggerFactory, context.RequestServices);
        var run = server.RunAsync(context.RequestAborted);
        try
        {
            var wrote = await transport.HandlePostRequestAsync(message, context.Response.Body, _ =>
            {
                context.Response.ContentType = "text/event-stream";
                context.Response.Headers.CacheControl = "no-cache,no-store";
                context.Response.Headers.ContentEncoding = "identity";
                context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
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
