using System.Collections.Concurrent;
using System.Net;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace McpGate.Testing.Http;

/// <summary>
/// A real HTTP receiver on 127.0.0.1 (Kestrel, a free port): keeps every request it gets (headers and
/// body bytes) and answers what <see cref="Answer"/> says for the n-th request (1-based): a status, or
/// null to hang until <see cref="Release"/> or the test ends.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Channel<ReceivedRequest> _received = Channel.CreateUnbounded<ReceivedRequest>();
    private readonly CancellationTokenSource _ending = new();
    private readonly ConcurrentQueue<ReceivedRequest> _all = new();
    private readonly TaskCompletionSource<int> _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _count;

    private WebhookReceiver(WebApplication app, Func<int, int?> answer)
    {
        _app = app;
        Answer = answer;
    }

    public Func<int, int?> Answer { get; }

    public Uri Url { get; private set; } = null!;

    public IReadOnlyList<ReceivedRequest> All => [.. _all];

    public static async Task<WebhookReceiver> StartAsync(Func<int, int?>? answer = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var receiver = new WebhookReceiver(app, answer ?? (_ => 200));
        app.MapPost("/hook/{**rest}", receiver.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        receiver.Url = new Uri(address.TrimEnd('/') + "/hook/T000/B000/path-secret");
        return receiver;
    }

    /// <summary>The next request received, in order; fails the test after the timeout.</summary>
    public async Task<ReceivedRequest> NextAsync(TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        return await _received.Reader.ReadAsync(deadline.Token);
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var request = new ReceivedRequest(
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            context.Request.ContentType,
            buffer.ToArray());
        var n = Interlocked.Increment(ref _count);
        _all.Enqueue(request);
        _received.Writer.TryWrite(request);
        if (Answer(n) is { } status)
        {
            context.Response.StatusCode = status;
            return;
        }

        // Hang: no answer until the test releases it, the client gives up or the test ends.
        using var both = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _ending.Token);
        try
        {
            context.Response.StatusCode = await _released.Task.WaitAsync(both.Token);
        }
        catch (OperationCanceledException)
        {
            context.Abort();
        }
    }

    /// <summary>Answers every request that hangs, now and from now on, with <paramref name="status"/>.</summary>
    public void Release(int status) => _released.TrySetResult(status);

    public async ValueTask DisposeAsync()
    {
        await _ending.CancelAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _ending.Dispose();
    }
}
