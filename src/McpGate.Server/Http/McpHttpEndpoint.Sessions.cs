using McpGate.Core.Tokens;
using McpGate.Server.Resources;
using McpGate.Server.Transport;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpGate.Server.Http;

internal sealed partial class McpHttpEndpoint
{
    /// <summary>JSON-RPC code of "session not found", as the SDKs answer it.</summary>
    private const int SessionNotFoundCode = -32001;

    private const string SessionNotFound =
        "session not found: it ended (DELETE), expired after being idle, or was not opened with this token; send initialize without Mcp-Session-Id to open a new one";

    /// <summary>A POST in a session: initialize without a session id opens one; anything else must name one of the token's sessions.</summary>
    private async Task ServeInSessionAsync(HttpContext context, JsonRpcMessage message, AgentToken agent, string? protocolVersion, string? sessionId)
    {
        var initialize = message is JsonRpcRequest { Method: RequestMethods.Initialize };
        HttpSession session;
        IDisposable lease;
        if (sessionId is null)
        {
            if (!initialize)
            {
                await RefuseAsync(context, StatusCodes.Status400BadRequest, $"{SessionIdHeader} is required: send initialize without it first, then send the {SessionIdHeader} its response carries with every request").ConfigureAwait(false);
                return;
            }

            var opening = await sessions.OpenAsync(agent, id => CreateSession(id, agent)).ConfigureAwait(false);
            if (opening.Session is null)
            {
                if (opening.RetryAfter is { } wait)
                {
                    context.Response.Headers.RetryAfter = GateHttpLimits.RetryAfterSeconds(wait).ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                await RefuseAsync(context, opening.Status, opening.Refusal!).ConfigureAwait(false);
                return;
            }

            (session, lease) = (opening.Session, opening.Lease!);
        }
        else if (initialize)
        {
            await RefuseAsync(context, StatusCodes.Status400BadRequest, $"initialize opens a new session: send it without {SessionIdHeader}").ConfigureAwait(false);
            return;
        }
        else if (await sessions.UseAsync(sessionId, agent).ConfigureAwait(false) is { } found)
        {
            (session, lease) = found;
        }
        else
        {
            await RefuseAsync(context, StatusCodes.Status404NotFound, SessionNotFound, SessionNotFoundCode).ConfigureAwait(false);
            return;
        }

        using (lease)
        {
            message.Context = new JsonRpcMessageContext { User = AgentPrincipal.Create(agent), ProtocolVersion = protocolVersion };
            context.Response.Headers[SessionIdHeader] = session.Id;
            using var cancel = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, session.Closed);
            try
            {
                var wrote = await session.Transport.HandlePostRequestAsync(message, context.Response.Body, _ =>
                {
                    StartEventStream(context);
                    return default;
                }, cancel.Token).ConfigureAwait(false);
                if (!wrote)
                {
                    context.Response.StatusCode = StatusCodes.Status202Accepted;
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or InvalidOperationException
                && session.Ended && !context.RequestAborted.IsCancellationRequested)
            {
                // The session ended (DELETE, revocation, or the gate is stopping) while this request was open.
                if (!context.Response.HasStarted)
                {
                    await RefuseAsync(context, StatusCodes.Status404NotFound, SessionNotFound, SessionNotFoundCode).ConfigureAwait(false);
                }
            }
        }

        var method = message is JsonRpcRequest rpc ? ControlText.Escape(rpc.Method) : message is JsonRpcNotification n ? ControlText.Escape(n.Method) : "response";
        HttpLog.ServedInSession(_logger, method, agent.Identity, agent.HashPrefix, session.ShownId, context.Response.StatusCode);
    }

    /// <summary>GET: the session's stream of server-initiated messages, open until the client leaves or the session ends.</summary>
    private async Task HandleGetAsync(HttpContext context, AgentToken agent)
    {
        if (!McpRequestRules.AcceptsEventStream(context.Request.Headers.Accept))
        {
            await RefuseAsync(context, StatusCodes.Status406NotAcceptable, "Accept must allow text/event-stream").ConfigureAwait(false);
            return;
        }

        if (context.Request.Headers.ContainsKey("Last-Event-ID"))
        {
            await RefuseAsync(context, StatusCodes.Status400BadRequest, "Last-Event-ID: this gate keeps no events to resume a stream from; open the GET stream without it").ConfigureAwait(false);
            return;
        }

        if (await FindSessionAsync(context, agent).ConfigureAwait(false) is not { } found)
        {
            return;
        }

        var (session, lease) = found;

        using (lease)
        {
            if (!session.TryStartGetStream())
            {
                await RefuseAsync(context, StatusCodes.Status409Conflict, "this session already has had its GET stream; the gate serves one per session (open a new session for another)").ConfigureAwait(false);
                return;
            }

            context.Response.Headers[SessionIdHeader] = session.Id;
            StartEventStream(context);
            HttpLog.StreamOpened(_logger, agent.Identity, agent.HashPrefix, session.ShownId);
            using var cancel = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping, session.Closed);
            try
            {
                await session.Transport.HandleGetRequestAsync(context.Response.Body, cancel.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or InvalidOperationException && (cancel.IsCancellationRequested || session.Ended))
            {
                // The client left, the session ended or the gate is stopping: how an SSE stream ends.
            }
        }
    }

    /// <summary>DELETE: ends the session, its GET stream and its open requests.</summary>
    private async Task HandleDeleteAsync(HttpContext context, AgentToken agent)
    {
        if (await FindSessionAsync(context, agent).ConfigureAwait(false) is not { } found)
        {
            return;
        }

        var (session, lease) = found;

        lease.Dispose();
        await sessions.EndAsync(session, $"DELETE by {agent.Identity}").ConfigureAwait(false);
        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    /// <summary>The session a GET or DELETE names; otherwise the 400 or 404 is written and null returned.</summary>
    private async Task<(HttpSession Session, IDisposable Lease)?> FindSessionAsync(HttpContext context, AgentToken agent)
    {
        var sessionId = context.Request.Headers[SessionIdHeader];
        if (sessionId.Count != 1)
        {
            await RefuseAsync(context, StatusCodes.Status400BadRequest, $"{SessionIdHeader} is required (once): {context.Request.Method} acts on the session that initialize opened").ConfigureAwait(false);
            return null;
        }

        if (await sessions.UseAsync(sessionId[0], agent).ConfigureAwait(false) is { } found)
        {
            return found;
        }

        await RefuseAsync(context, StatusCodes.Status404NotFound, SessionNotFound, SessionNotFoundCode).ConfigureAwait(false);
        return null;
    }

    /// <summary>
    /// A session's transport and server, from the same <see cref="McpServerOptions"/> as every
    /// transport (so tools, resources and capabilities match), on the gate's services.
    /// </summary>
    private HttpSession CreateSession(string id, AgentToken agent)
    {
        var transport = new StreamableHttpServerTransport(loggerFactory) { SessionId = id, FlowExecutionContextFromRequests = true };
        var session = new HttpSession(id, agent, transport, options.Time);
        var serverOptions = services.GetRequiredService<IOptionsFactory<McpServerOptions>>().Create(Options.DefaultName);
        var server = McpServer.Create(transport, serverOptions, loggerFactory, services);
        // A log message (notifications/message) is how the protocol tells a client something it did not ask.
        // 2026-07-28 deprecated logging, but sessions exist only on the revisions before it, which have it.
#pragma warning disable MCP9005
        session.Start(server, server.RunAsync, (text, cancellationToken) => server.SendNotificationAsync(
            NotificationMethods.LoggingMessageNotification,
            new LoggingMessageNotificationParams { Level = LoggingLevel.Warning, Logger = "mcpgate", Data = JsonSerializer.SerializeToElement(text, McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(string))) },
            McpJsonUtilities.DefaultOptions,
            cancellationToken));
#pragma warning restore MCP9005

        // Resource subscriptions made in the session end with it (DELETE, idle expiry, revocation, stop).
        if (services.GetService<ChangeSubscriptions>() is { } subscriptions)
        {
            var subscriber = SubscriptionSession.Of(server);
            session.Closed.Register(() => subscriptions.EndSession(subscriber));
        }

        return session;
    }
}
