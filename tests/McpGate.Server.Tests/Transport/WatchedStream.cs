using System.Text;

namespace McpGate.Server.Tests.Transport;

/// <summary>A write-only stream that passes bytes on and completes a task once everything written contains every awaited text.</summary>
internal sealed class WatchedStream(Stream inner, params string[] awaited) : Stream
{
    private readonly StringBuilder _seen = new();
    private readonly TaskCompletionSource _allSeen = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _written = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task AllSeen => _allSeen.Task;

    /// <summary>Completes once <paramref name="text"/> has been written.</summary>
    public async Task Seen(string text)
    {
        while (true)
        {
            Task next;
            lock (_seen)
            {
                if (_seen.ToString().Contains(text, StringComparison.Ordinal))
                {
                    return;
                }

                next = _written.Task;
            }

            await next;
        }
    }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count)
    {
        inner.Write(buffer, offset, count);
        Observe(buffer.AsSpan(offset, count));
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await inner.WriteAsync(buffer, cancellationToken);
        Observe(buffer.Span);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private void Observe(ReadOnlySpan<byte> bytes)
    {
        lock (_seen)
        {
            _seen.Append(Encoding.UTF8.GetString(bytes));
            if (awaited.All(a => _seen.ToString().Contains(a, StringComparison.Ordinal)))
            {
                _allSeen.TrySetResult();
            }

            var written = _written;
            _written = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            written.TrySetResult();
        }
    }
}
