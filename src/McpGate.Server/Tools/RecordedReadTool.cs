using McpGate.Core.Ledger;
using McpGate.Server.Hosting;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpGate.Server.Tools;

/// <summary>
/// A read tool whose calls go to the read log: it stamps and times the call and queues a reference to
/// its arguments and result, with the requester the call is made for (the bearer token's identity
/// over HTTP, <c>--agent</c> over stdio). Nothing is serialized, measured or written here; the writer does that.
/// </summary>
internal sealed class RecordedReadTool(McpServerTool inner, ReadLog readLog, GateContext gate) : McpServerTool
{
    public override Tool ProtocolTool => inner.ProtocolTool;

    public override IReadOnlyList<object> Metadata => inner.Metadata;

    public override async ValueTask<CallToolResult> InvokeAsync(
        RequestContext<CallToolRequestParams> request,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var time = readLog.Time.GetUtcNow();
        var started = readLog.Time.GetTimestamp();
        CallToolResult? result = null;
        string? thrownOutcome = null;
        string? thrownMessage = null;
        try
        {
            result = await inner.InvokeAsync(request, cancellationToken).ConfigureAwait(false);
            return result;
        }
        catch (OperationCanceledException ex)
        {
            (thrownOutcome, thrownMessage) = (ReadRecord.Cancelled, ex.Message);
            throw;
        }
        catch (Exception ex)
        {
            (thrownOutcome, thrownMessage) = (ReadRecord.Failed, $"{ex.GetType().Name}: {ex.Message}");
            throw;
        }
        finally
        {
            readLog.Record(new PendingRead
            {
                Time = time,
                Tool = inner.ProtocolTool.Name,
                Requester = Requester.Of(request, gate),
                Arguments = request.Params?.Arguments,
                Result = result,
                Duration = readLog.Time.GetElapsedTime(started),
                ThrownOutcome = thrownOutcome,
                ThrownMessage = thrownMessage,
            });
        }
    }
}
