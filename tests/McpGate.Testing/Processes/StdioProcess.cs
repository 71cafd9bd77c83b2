using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;

namespace McpGate.Testing.Processes;

/// <summary>
/// A running process spoken to line by line over its stdin and stdout, with its stderr kept:
/// for tests that must send bytes no MCP client would (malformed JSON, invalid UTF-8, batches).
/// </summary>
public sealed class StdioProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Channel<string> _stdout = Channel.CreateUnbounded<string>();
    private readonly StringBuilder _stderr = new();
    private readonly Task _pump;
    private int _disposed;

    private StdioProcess(Process process)
    {
        _process = process;
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (_stderr)
                {
                    _stderr.AppendLine(e.Data);
                }
            }
        };
        _process.BeginErrorReadLine();
        _pump = Task.Run(PumpAsync);
    }

    public string StandardError
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>Starts the real <c>mcpgate</c> with these arguments.</summary>
    public static StdioProcess StartMcpGate(params string[] arguments)
    {
        var (command, args) = McpGateCli.Command(arguments);
        var info = new ProcessStartInfo(command)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in args)
        {
            info.ArgumentList.Add(argument);
        }

        return new StdioProcess(Process.Start(info) ?? throw new InvalidOperationException($"could not start {command}"));
    }

    /// <summary>Writes raw bytes followed by a newline, exactly as given.</summary>
    public async Task WriteLineAsync(byte[] line, CancellationToken cancellationToken = default)
    {
        var stdin = _process.StandardInput.BaseStream;
        await stdin.WriteAsync(line, cancellationToken);
        await stdin.WriteAsync("\n"u8.ToArray(), cancellationToken);
        await stdin.FlushAsync(cancellationToken);
    }

    public Task WriteLineAsync(string line, CancellationToken cancellationToken = default) =>
        WriteLineAsync(Encoding.UTF8.GetBytes(line), cancellationToken);

    /// <summary>The next JSON line on stdout, or a <see cref="TimeoutException"/> naming what was awaited.</summary>
    public async Task<JsonElement> ReadJsonAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var source = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        source.CancelAfter(timeout);
        try
        {
            var line = await _stdout.Reader.ReadAsync(source.Token);
            using var document = JsonDocument.Parse(line);
            return document.RootElement.Clone();
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"no line on stdout within {timeout}; stderr:\n{StandardError}");
        }
        catch (ChannelClosedException)
        {
            throw new InvalidOperationException($"the process closed stdout (exited: {_process.HasExited}); stderr:\n{StandardError}");
        }
    }

    /// <summary>The next line on stdout as text, or a <see cref="TimeoutException"/> naming what was awaited.</summary>
    public async Task<string> ReadLineAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var source = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        source.CancelAfter(timeout);
        try
        {
            return await _stdout.Reader.ReadAsync(source.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"no line on stdout within {timeout}; stderr:\n{StandardError}");
        }
        catch (ChannelClosedException)
        {
            throw new InvalidOperationException($"the process closed stdout (exited: {_process.HasExited}); stderr:\n{StandardError}");
        }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>The process id, to signal it (e.g. SIGTERM with <c>kill</c>).</summary>
    public int Id => _process.Id;

    /// <summary>Waits for the process to exit on its own and returns its exit code; a <see cref="TimeoutException"/> with its stderr otherwise.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var source = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(source.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"the process did not exit within {timeout}; stderr:\n{StandardError}");
        }

        return _process.ExitCode;
    }

    /// <summary>Closes stdin and waits for the process to exit (killing it after 15 s). Safe to call twice.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            _process.StandardInput.Close();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or InvalidOperationException)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _pump;
        _process.Dispose();
    }

    private async Task PumpAsync()
    {
        try
        {
            while (await _process.StandardOutput.ReadLineAsync() is { } line)
            {
                await _stdout.Writer.WriteAsync(line);
            }
        }
        finally
        {
            _stdout.Writer.TryComplete();
        }
    }
}
