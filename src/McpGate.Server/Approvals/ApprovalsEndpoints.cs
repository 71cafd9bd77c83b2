using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using McpGate.Core.Approvals;
using McpGate.Core.Changes;
using McpGate.Core.Comments;
using McpGate.Core.Crypto;
using McpGate.Core.Ledger;
using McpGate.Core.Policy;
using McpGate.Server.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace McpGate.Server.Approvals;

/// <summary>
/// The approval API's routes under <c>/api/v1</c>, and its web page (<see cref="ApprovalsPage"/>).
/// Before any route: a request whose <c>Origin</c> header is not the page's own gets 403
/// (<see cref="ApprovalsOrigin"/>), and each client address has a token bucket (429 with Retry-After). A decision is a DSSE
/// envelope the approver signed on their own side; it is verified by <see cref="ApprovalSubmitter"/>,
/// the same rules as the CLI's local path, and recorded in the ledger. A comment is one too, of
/// its own kind, verified by <see cref="ChangeCommenter"/>. Nothing here reaches the cluster.
/// </summary>
internal sealed partial class ApprovalsEndpoints(
    ApprovalsApiOptions options,
    ChangeLedger ledger,
    PolicySet policy,
    Ed25519PublicKey gateKey,
    ApprovalsEventStream events,
    ApprovalsOrigin origin,
    ILogger<ApprovalsEndpoints> logger)
{
    private const string Prefix = "/api/v1/changes";
    private const int PruneEvery = 256;
    private long _requests;
    private readonly AgentRateLimiter _limiter = new(options.RequestsPerMinute, options.RequestsPerMinute, options.Time);
    private readonly ApprovalsChangeView _view = new(ledger, policy, gateKey, options.Time);
    private readonly ChangeCanceller _canceller = new(ledger, policy, gateKey, options.Time);
    private readonly ApprovalSubmitter _submitter = new(ledger, policy, gateKey, options.Time);
    private readonly ChangeCommenter _commenter = new(ledger, policy, gateKey, options.Time);

    public async Task DispatchAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers["X-Content-Type-Options"] = "nosniff";
        if (context.Request.Headers.Origin is { Count: > 0 } origins
            && (origins.Count > 1 || !origin.IsOwn(origins[0] ?? string.Empty, context.Connection.LocalIpAddress, context.Connection.LocalPort)))
        {
            await RefuseAsync(context, StatusCodes.Status403Forbidden, "origin",
                "a request from another web origin is refused: only the approval page this listener serves may call it from a browser").ConfigureAwait(false);
            return;
        }

        // Buckets that refilled are dropped now and then, so many client addresses cannot grow memory.
        if (Interlocked.Increment(ref _requests) % PruneEvery == 0)
        {
            _limiter.Prune();
        }

        if (_limiter.TryCall(Client(context)) is { } wait)
        {
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            await RefuseAsync(context, StatusCodes.Status429TooManyRequests, "rate-limit", $"more than {options.RequestsPerMinute} requests a minute from this client; retry after the Retry-After seconds").ConfigureAwait(false);
            return;
        }

        var path = context.Request.Path.Value ?? string.Empty;
        var (method, handler) = Route(path);
        try
        {
            if (handler is null)
            {
                await RefuseAsync(context, StatusCodes.Status404NotFound, "route",
                    "not found: the approval API serves its page at GET /, GET /api/v1/changes, GET /api/v1/changes/{id}, POST /api/v1/changes/{id}/decisions, POST /api/v1/changes/{id}/comments, POST /api/v1/changes/{id}/cancellations and GET /api/v1/events").ConfigureAwait(false);
            }
            else if (!string.Equals(context.Request.Method, method, StringComparison.Ordinal))
            {
                context.Response.Headers.Allow = method;
                await RefuseAsync(context, StatusCodes.Status405MethodNotAllowed, "method", $"method {context.Request.Method} is not served here: {method} only").ConfigureAwait(false);
            }
            else
            {
                await handler(context).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is LedgerStorageException or LedgerCorruptException && !context.Response.HasStarted)
        {
            // The ledger's path is the server's business: the log has the whole message.
            ApprovalsApiLog.LedgerFault(logger, ex.Message);
            await RefuseAsync(context, StatusCodes.Status503ServiceUnavailable, "ledger",
                "the gate cannot read its ledger now; an operator on the gate's host can check it with 'mcpgate ledger verify'").ConfigureAwait(false);
        }
    }

    /// <summary>The method and handler of a path, by exact segments; no handler: 404.</summary>
    private (string Method, Func<HttpContext, Task>? Handler) Route(string path)
    {
        if (ApprovalsPage.Serves(path))
        {
            return (HttpMethods.Get, ApprovalsPage.ServeAsync);
        }

        if (string.Equals(path, "/api/v1/events", StringComparison.Ordinal))
        {
            return (HttpMethods.Get, c => events.StreamAsync(c, this));
        }

        if (string.Equals(path, Prefix, StringComparison.Ordinal))
        {
            return (HttpMethods.Get, ListAsync);
        }

        if (!path.StartsWith(Prefix + "/", StringComparison.Ordinal))
        {
            return (HttpMethods.Get, null);
        }

        return path[(Prefix.Length + 1)..].Split('/') switch
        {
            [var id] when id.Length > 0 => (HttpMethods.Get, c => ShowAsync(c, id)),
            [var id, "cancellations"] when id.Length > 0 => (HttpMethods.Post, c => CancelAsync(c, id)),
            [var id, "decisions"] when id.Length > 0 => (HttpMethods.Post, c => DecideAsync(c, id)),
            [var id, "comments"] when id.Length > 0 => (HttpMethods.Post, c => CommentAsync(c, id)),
            _ => (HttpMethods.Get, null),
        };
    }

    private async Task ListAsync(HttpContext context)
    {
        var state = context.Request.Query["state"].ToString();
        ChangeState? filter;
        if (state.Length == 0 || state == "pending")
        {
            filter = ChangeState.PendingApproval;
        }
        else if (state == "all")
        {
            filter = null;
        }
        else if (ChangeStates.FromWire(state) is { } named)
        {
            filter = named;
        }
        else
        {
            await RefuseAsync(context, StatusCodes.Status400BadRequest, "state-filter", $"state={Identities.Show(state)}: expected pending, all, or a change state ({string.Join(", ", ChangeStates.WireNames)})").ConfigureAwait(false);
            return;
        }

        await WriteJsonAsync(context, StatusCodes.Status200OK, new JsonObject { ["changes"] = await _view.ListAsync(filter, context.RequestAborted).ConfigureAwait(false) }).ConfigureAwait(false);
    }

    private async Task ShowAsync(HttpContext context, string id)
    {
        if (!ChangeId.TryParse(id, out _))
        {
            await RefuseAsync(context, StatusCodes.Status400BadRequest, ApprovalRefusal.ChangeId, $"'{Identities.Show(id)}' is not a change id (expected chg- followed by 12 characters a-z, 2-7)").ConfigureAwait(false);
            return;
        }

        if (await _view.ShowAsync(id, context.RequestAborted).ConfigureAwait(false) is { } change)
        {
            await WriteJsonAsync(context, StatusCodes.Status200OK, change).ConfigureAwait(false);
        }
        else
        {
            await RefuseAsync(context, StatusCodes.Status404NotFound, ApprovalRefusal.UnknownChange, $"no change {id}").ConfigureAwait(false);
        }
    }

    internal static string Client(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    internal async Task RefuseAsync(HttpContext context, int status, string rule, string message)
    {
        var (method, path, client) = (context.Request.Method, context.Request.Path.Value ?? string.Empty, Client(context));
        ApprovalsApiLog.Refused(logger, method, path, client, status, rule, message);
        await WriteJsonAsync(context, status, new JsonObject { ["error"] = new JsonObject { ["rule"] = rule, ["message"] = message } }).ConfigureAwait(false);
    }

    private static async Task WriteJsonAsync(HttpContext context, int status, JsonNode body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(body.ToJsonString(), Encoding.UTF8, context.RequestAborted).ConfigureAwait(false);
    }
}
