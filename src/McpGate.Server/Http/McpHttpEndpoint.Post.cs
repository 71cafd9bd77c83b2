using System.Text.Json.Nodes;
using McpGate.Core.Tokens;
using McpGate.Server.Transport;
using Microsoft.AspNetCore.Http;
using ModelContextProtocol.Protocol;

namespace McpGate.Server.Http;

internal sealed partial class McpHttpEndpoint
{
    /// <summary>A POST: the header and body checks, the write proposals' limit, then a session or a server of its own.</summary>
    private async Task HandlePostAsync(HttpContext context, AgentToken agent, bool sessionsApply)
    {
        var request = context.Request;
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

        string? protocolVersion = request.Headers[ProtocolVersionHeader];
        if (protocolVersion is not null && !McpRequestRules.ProtocolVersions.Contains(protocolVersion, StringComparer.Ordinal))
        {
            await RefuseAsync(context, StatusCodes.Status400BadRequest, $"{ProtocolVersionHeader} {ControlText.Escape(protocolVersion)} is not supported (supported: {string.Join(", ", McpRequestRules.ProtocolVersions)})", -32022).ConfigureAwait(false);
            return;
        }

        var sessionId = request.Headers[SessionIdHeader];
        if (!sessionsApply && sessionId.Count > 0)
        {
            await RefuseAsync(context, StatusCodes.Status400BadRequest, options.Stateless
                ? $"{SessionIdHeader}: this gate is stateless (serve --stateless) and issues no sessions; send requests without it"
                : $"{SessionIdHeader}: protocol revision {ControlText.Escape(protocolVersion ?? "")} has no sessions; send requests without it").ConfigureAwait(false);
            return;
        }

        if (sessionId.Count > 1)
        {
            await RefuseAsync(context, StatusCodes.Status400BadRequest, $"{SessionIdHeader} must be sent once").ConfigureAwait(false);
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

        if (WriteToolCalled(message) is { } tool && limiter.TryWrite(agent.Identity) is { } wait)
        {
            await RefuseTooManyAsync(context, agent, wait, $"{agent.Identity} proposed more than {limiter.WritesPerMinute} changes in a minute (serve --writes-per-minute); {ControlText.Escape(tool)} was not called").ConfigureAwait(false);
            return;
        }

        if (sessionsApply)
        {
            await ServeInSessionAsync(context, message, agent, protocolVersion, sessionId.Count == 1 ? sessionId[0] : null).ConfigureAwait(false);
        }
        else
        {
            await ServeStatelessAsync(context, message, agent, protocolVersion).ConfigureAwait(false);
        }
    }

    /// <summary>The manifest write tool a <c>tools/call</c> names, or null for anything else.</summary>
    private string? WriteToolCalled(JsonRpcMessage message) =>
        message is JsonRpcRequest { Method: RequestMethods.ToolsCall, Params: JsonObject parameters }
        && parameters["name"] is JsonValue name && name.TryGetValue<string>(out var tool) && _writeTools.Contains(tool)
            ? tool
            : null;
}
