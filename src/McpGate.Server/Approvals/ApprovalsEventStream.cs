using System.Globalization;
using System.Text.Json.Nodes;
using McpGate.Core.Changes;
using McpGate.Core.Ledger;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace McpGate.Server.Approvals;

/// <summary>
/// <c>GET /api/v1/events</c>: Server-Sent Events, one <c>change</c> event per ledger entry appended
/// after the stream opened (sequence as the event id, change id, event type, the change's state
/// now). The ledger is the source: each stream reads the entries after the last one it sent, every
/// <see cref="ApprovalsApiOptions.EventPollInterval"/>, so it sees changes any gate process writes.
/// At most <see cref="ApprovalsApiOptions.MaxEventStreams"/> streams are open at once.
/// </summary>
internal sealed class ApprovalsEventStream(ApprovalsApiOptions options, ChangeLedger ledger, IHostApplicationLifetime lifetime, ILogger<ApprovalsEventStream> logger)
{
    /// <summary>A comment line this often keeps proxies from closing an idle stream and finds departed clients.</summary>
    private const int PollsPerKeepAlive = 15;

    private int _open;

    public async Task StreamAsync(HttpContext context, ApprovalsEndpoints endpoints)
    {
        if (Interlocked.Increment(ref _open) > options.MaxEventStreams)
        {
            Interlocked.Decrement(ref _open);
            context.Response.Headers.RetryAfter = "5";
            await endpoints.RefuseAsync(context, StatusCodes.Status503ServiceUnavailable, "event-streams",
                $"{options.MaxEventStreams} event streams are open already; retry later").ConfigureAwait(false);
            return;
        }

        // Ends when the client leaves or the server stops, so a stop does not wait for open streams.
        using var ending = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        var cancellationToken = ending.Token;
        try
        {
            var (after, _, _) = await ledger.ReadCheckpointStatusAsync(cancellationToken).ConfigureAwait(false);
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = "text/event-stream";
            await context.Response.WriteAsync($": mcpgate approval events after ledger entry {after.ToString(CultureInfo.InvariantCulture)}\n\n", cancellationToken).ConfigureAwait(false);
            await context.Response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
            var polls = 0;
            while (!cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(options.EventPollInterval, options.Time, cancellationToken).ConfigureAwait(false);
                var entries = await ledger.ReadEntriesAsync(after, null, cancellationToken).ConfigureAwait(false);
                foreach (var entry in entries)
                {
                    var state = (await ledger.GetChangeAsync(entry.ChangeId, cancellationToken).ConfigureAwait(false))?.State;
                    var data = new JsonObject
                    {
                        ["sequence"] = entry.Sequence,
                        ["changeId"] = entry.ChangeId,
                        ["event"] = entry.EventType,
                        ["state"] = state?.ToWire(),
                        ["at"] = entry.Time.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
                    };
                    await context.Response.WriteAsync($"id: {entry.Sequence.ToString(CultureInfo.InvariantCulture)}\nevent: change\ndata: {data.ToJsonString()}\n\n", cancellationToken).ConfigureAwait(false);
                    after = entry.Sequence;
                }

                if (entries.Count > 0 || ++polls % PollsPerKeepAlive == 0)
                {
                    if (entries.Count == 0)
                    {
                        await context.Response.WriteAsync(": keep-alive\n\n", cancellationToken).ConfigureAwait(false);
                    }

                    await context.Response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client left, or the server stops.
        }
        catch (LedgerStorageException ex)
        {
            ApprovalsApiLog.StreamFailed(logger, ApprovalsEndpoints.Client(context), ex.Message);
        }
        finally
        {
            Interlocked.Decrement(ref _open);
        }
    }
}
