using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace McpGate.Server.Transport;

/// <summary>
/// The gate's MCP stdio transport: newline-delimited JSON-RPC on a pair of streams, with every
/// line checked by <see cref="JsonRpcGuard"/> before the SDK sees it, and every error the server
/// sends logged once, in one line, at a level that says whose mistake it was.
/// </summary>
/// <remarks>
/// Lines that arrive in the same read are handled together. An SDK client probes with
/// <c>server/discover</c> and, when no answer comes within its probe timeout (5 s by default),
/// falls back to <c>initialize</c> on the same connection. A server that was still starting then
/// reads both at once; starting the probe would fix the session on protocol 2026-07-28, and the
/// SDK would refuse the <c>initialize</c> the client is waiting for ("Method 'initialize' is not
/// available on protocol version '2026-07-28'"). So a <c>server/discover</c> followed in the same
/// read by an <c>initialize</c> is answered with an error and not started, and a request whose
/// cancellation arrived in the same read is not started either.
/// </remarks>
internal sealed class GateStdioTransport : TransportBase
{
    /// <summary>The longest line read; a longer one is skipped and refused, never buffered whole.</summary>
    public const int MaxLineBytes = 4 * 1024 * 1024;

    private static readonly byte[] s_newline = "\n"u8.ToArray();

    private readonly Stream _output;
    private readonly JsonRpcLineReader _reader;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<RequestId, string> _openRequests = new();
    private readonly Task _readLoop;
    private int _disposed;

    public GateStdioTransport(Stream input, Stream output, ILoggerFactory loggerFactory)
        : base("mcpgate (stdio)", loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _output = output;
        _reader = new JsonRpcLineReader(input, MaxLineBytes);
        _logger = loggerFactory.CreateLogger<GateStdioTransport>();
        SetConnected();
        _readLoop = Task.Run(ReadLoopAsync);
    }

    public override async Task SendMessageAsync(JsonRpcMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message is JsonRpcError error)
        {
            var method = _openRequests.TryRemove(error.Id, out var m) ? m : "?";
            var errorId = error.Id.ToString();
            LogAnswer(method, errorId, (McpErrorCode)error.Error.Code, error.Error.Message);
        }
        else if (message is JsonRpcResponse response)
        {
            _openRequests.TryRemove(response.Id, out _);
        }

        await WriteLineAsync(JsonSerializer.SerializeToUtf8Bytes(message, McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(JsonRpcMessage))), cancellationToken).ConfigureAwait(false);
    }

    public override async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _readLoop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }

        SetDisconnected();
        _stop.Dispose();
        _sendLock.Dispose();
    }

    private async Task ReadLoopAsync()
    {
        Exception? failure = null;
        try
        {
            while (await _reader.ReadBatchAsync(_stop.Token).ConfigureAwait(false) is { } batch)
            {
                await HandleBatchAsync(batch, _stop.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Disposed.
        }
        catch (IOException ex)
        {
            TransportLog.ReadFailed(_logger, ex.Message);
            failure = ex;
        }
        finally
        {
            SetDisconnected(failure);
        }
    }

    private async Task HandleBatchAsync(IReadOnlyList<JsonRpcLine> batch, CancellationToken cancellationToken)
    {
        var verdicts = batch.Where(l => l.Oversized || !l.Bytes.Span.Trim(" \t\r"u8).IsEmpty)
            .Select(l => JsonRpcGuard.Inspect(l, MaxLineBytes))
            .ToList();
        var cancelled = verdicts
            .Select(v => v.Message)
            .OfType<JsonRpcNotification>()
            .Where(n => n.Method == NotificationMethods.CancelledNotification)
            .Select(n => CancelledId(n))
            .OfType<RequestId>()
            .ToHashSet();
        var initializeAt = verdicts.FindIndex(v => v.Message is JsonRpcRequest { Method: RequestMethods.Initialize });
        for (var i = 0; i < verdicts.Count; i++)
        {
            var verdict = verdicts[i];
            switch (verdict)
            {
                case { Message: JsonRpcRequest request } when cancelled.Contains(request.Id):
                    var cancelledMethod = ControlText.Escape(request.Method);
                    var cancelledId = request.Id.ToString();
                    TransportLog.CancelledBeforeStart(_logger, cancelledMethod, cancelledId);

                    break;
                case { Message: JsonRpcRequest { Method: RequestMethods.ServerDiscover } probe } when i < initializeAt:
                    var probeId = probe.Id.ToString();
                    TransportLog.DiscoverSuperseded(_logger, probeId);
                    _openRequests[probe.Id] = RequestMethods.ServerDiscover;
                    await SendMessageAsync(new JsonRpcError
                    {
                        Id = probe.Id,
                        JsonRpc = "2.0",
                        Error = new JsonRpcErrorDetail
                        {
                            Code = (int)McpErrorCode.InvalidRequest,
                            Message = "server/discover was superseded by the initialize sent after it; the session uses the initialize handshake.",
                        },
                    }, cancellationToken).ConfigureAwait(false);
                    break;
                case { Message: { } message }:
                    if (message is JsonRpcRequest started)
                    {
                        _openRequests[started.Id] = ControlText.Escape(started.Method);
                    }

                    await WriteMessageAsync(message, cancellationToken).ConfigureAwait(false);
                    break;
                case { Code: { } code }:
                    var refusedId = verdict.Id?.GetRawText() ?? "null";
                    var refusedReason = ControlText.Escape(verdict.Reason);
                    TransportLog.MessageRefused(_logger, refusedId, (int)code, refusedReason);
                    await WriteLineAsync(JsonRpcErrorLine.Create(verdict.Id, code, verdict.Reason), cancellationToken).ConfigureAwait(false);
                    break;
                default:
                    var dropped = ControlText.Escape(verdict.Reason);
                    TransportLog.NotificationDropped(_logger, dropped);

                    break;
            }
        }
    }

    private static RequestId? CancelledId(JsonRpcNotification notification)
    {
        try
        {
            return notification.Params?.Deserialize(McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(CancelledNotificationParams))) is CancelledNotificationParams p
                ? p.RequestId
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private void LogAnswer(string method, string id, McpErrorCode code, string message)
    {
        // Client mistakes are information for the operator; only the server's own failure is a warning.
        var reason = ControlText.Escape(message);
        if (code == McpErrorCode.InternalError)
        {
            TransportLog.RequestFailed(_logger, method, id, (int)code, reason);
        }
        else
        {
            TransportLog.RequestRefused(_logger, method, id, (int)code, reason);
        }
    }

    private async Task WriteLineAsync(byte[] json, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _output.WriteAsync(json, cancellationToken).ConfigureAwait(false);
            await _output.WriteAsync(s_newline, cancellationToken).ConfigureAwait(false);
            await _output.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _sendLock.Release();
        }
    }
}
