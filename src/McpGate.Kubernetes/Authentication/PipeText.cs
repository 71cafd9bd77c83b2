using System.Text;

namespace McpGate.Kubernetes.Authentication;

/// <summary>
/// Reads a child process's pipe into memory in the background. The text read so far can be taken at any
/// time, because a background child of the plugin may keep the pipe open long after the plugin exited.
/// </summary>
internal sealed class PipeText
{
    private readonly StringBuilder _text = new();
    private readonly Lock _gate = new();

    private PipeText(StreamReader reader, CancellationToken cancellationToken) =>
        Completion = ReadAsync(reader, cancellationToken);

    /// <summary>Completes at end of file (or when reading stops).</summary>
    public Task Completion { get; }

    public string Text
    {
        get
        {
            lock (_gate)
            {
                return _text.ToString();
            }
        }
    }

    public static PipeText Start(StreamReader reader, CancellationToken cancellationToken) => new(reader, cancellationToken);

    private async Task ReadAsync(StreamReader reader, CancellationToken cancellationToken)
    {
        var buffer = new char[4096];
        try
        {
            while (true)
            {
                var read = await reader.ReadAsync(buffer.AsMemory(), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return;
                }

                lock (_gate)
                {
                    _text.Append(buffer, 0, read);
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // Reading stopped (deadline, or the process was disposed); what was read is kept.
        }
    }
}
