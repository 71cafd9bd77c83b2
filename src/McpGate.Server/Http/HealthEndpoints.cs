using McpGate.Core.Engine;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace McpGate.Server.Http;

/// <summary>
/// <c>/healthz</c>: the process serves requests. <c>/readyz</c>: the ledger answered a read and the
/// cluster answered (<see cref="GateHttpOptions.ClusterCheck"/>), each within 5 s. No token needed:
/// they say nothing but ok or not, and the log has the reason.
/// </summary>
internal sealed class HealthEndpoints(ChangeEngine engine, GateHttpOptions options, ILogger<HealthEndpoints> logger)
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(5);

    public static Task HealthyAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return WriteAsync(context, StatusCodes.Status200OK, """{"status":"ok"}""");
    }

    public async Task ReadyAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var ledger = await CheckAsync("ledger", ct => engine.GetChangeAsync("chg-aaaaaaaaaaaa", ct), context.RequestAborted).ConfigureAwait(false);
        var cluster = options.ClusterCheck is null || await CheckAsync("cluster", options.ClusterCheck, context.RequestAborted).ConfigureAwait(false);
        await (ledger && cluster
            ? WriteAsync(context, StatusCodes.Status200OK, """{"status":"ready"}""")
            : WriteAsync(context, StatusCodes.Status503ServiceUnavailable, $$"""{"status":"not ready","ledger":{{(ledger ? "true" : "false")}},"cluster":{{(cluster ? "true" : "false")}}}""")).ConfigureAwait(false);
    }

    private async Task<bool> CheckAsync(string part, Func<CancellationToken, Task> check, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(s_timeout);
        try
        {
            await check(timeout.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            HttpLog.NotReady(logger, part, $"no answer within {s_timeout.TotalSeconds} s");
            return false;
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
        {
            HttpLog.NotReady(logger, part, Transport.ControlText.Escape(ex.Message));
            return false;
        }
    }

    private static Task WriteAsync(HttpContext context, int status, string json)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-store";
        return context.Response.WriteAsync(json, context.RequestAborted);
    }
}
