using System.Buffers;

namespace McpGate.Server.Transport;

/// <summary>
/// Splits the client's byte stream into newline-delimited messages, never holding more than
/// <c>maxLineBytes</c> of one line: the rest of an oversized line is skipped up to its newline.
/// Each read returns every complete line that arrived with it, so the caller sees what the client
/// had already sent (for example a request and its cancellation) together.
/// </summary>
internal sealed class JsonRpcLineReader(Stream input, int maxLineBytes)
{
    private readonly byte[] _chunk = new byte[64 * 1024];
    private readonly ArrayBufferWriter<byte> _current = new();
    private bool _discarding;
    private bool _ended;

    /// <returns>The complete lines of the next read, or null at the end of the stream.</returns>
    public async Task<IReadOnlyList<JsonRpcLine>?> ReadBatchAsync(CancellationToken cancellationToken)
    {
        while (!_ended)
        {
            // WaitAsync: a console stream does not always honour cancellation by itself.
            var read = await input.ReadAsync(_chunk, cancellationToken).AsTask().WaitAsync(cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                _ended = true;
                return _current.WrittenCount > 0 || _discarding ? [Take()] : null;
            }

            var lines = new List<JsonRpcLine>();
            var span = _chunk.AsSpan(0, read);
            while (!span.IsEmpty)
            {
                var newline = span.IndexOf((byte)'\n');
                Append(newline < 0 ? span : span[..newline]);
                if (newline < 0)
                {
                    break;
                }

                lines.Add(Take());
                span = span[(newline + 1)..];
            }

            if (lines.Count > 0)
            {
                return lines;
            }
        }

        return null;
    }

    private void Append(ReadOnlySpan<byte> part)
    {
        if (_discarding)
        {
            return;
        }

        if (_current.WrittenCount + part.Length > maxLineBytes)
        {
            _discarding = true;
            _current.Clear();
            return;
        }

        _current.Write(part);
    }

    private JsonRpcLine Take()
    {
        JsonRpcLine line;
        if (_discarding)
        {
            line = JsonRpcLine.TooLong;
        }
        else
        {
            var bytes = _current.WrittenSpan.ToArray();
            var length = bytes.Length > 0 && bytes[^1] == (byte)'\r' ? bytes.Length - 1 : bytes.Length;
            line = new JsonRpcLine(bytes.AsMemory(0, length), Oversized: false);
        }

        _current.Clear();
        _discarding = false;
        return line;
    }
}
