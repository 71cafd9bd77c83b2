using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading.Channels;

namespace McpGate.Testing.Processes;

/// <summary>
/// The real <c>mcpgate serve --http 127.0.0.1:0 ...</c> process: started, its URL read from the line
/// it prints on stderr, its stderr kept; stopped with SIGTERM. Plus the operator's token steps.
/// </summary>
public sealed partial class McpGateHttpServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stderr = new();
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private int _disposed;

    private McpGateHttpServer(Process process)
    {
        _process = process;
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                _lines.Writer.TryComplete();
                return;
            }

            lock (_stderr)
            {
                _stderr.AppendLine(e.Data);
            }

            _lines.Writer.TryWrite(e.Data);
        };
        _process.BeginErrorReadLine();
    }

    /// <summary>The <c>/mcp</c> URL the server printed.</summary>
    public Uri Url { get; private set; } = null!;

    /// <summary>The server's root (for <c>/healthz</c>, <c>/readyz</c> and other paths).</summary>
    public Uri BaseUrl => new(Url.GetLeftPart(UriPartial.Authority));

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

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

    /// <summary>Starts <c>mcpgate serve</c> with these arguments (which include <c>--http</c>) and waits for its URL (90 s).</summary>
    public static Task<McpGateHttpServer> StartAsync(params string[] serveArguments)
    {
        var (command, args) = McpGateCli.Command(["serve", .. serveArguments]);
        return StartAsync(command, args);
    }

    /// <summary>Starts <c>serve</c> of another build of <c>mcpgate</c> (a published executable) and waits for its URL (90 s).</summary>
    public static Task<McpGateHttpServer> StartExecutableAsync(string executable, params string[] serveArguments) =>
        StartAsync(executable, ["serve", .. serveArguments]);

    private static async Task<McpGateHttpServer> StartAsync(string command, IList<string> args)
    {
        var info = new ProcessStartInfo(command) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in args)
        {
            info.ArgumentList.Add(argument);
        }

        var server = new McpGateHttpServer(Process.Start(info) ?? throw new InvalidOperationException($"could not start {command}"));
        _ = server._process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await foreach (var line in server._lines.Reader.ReadAllAsync(timeout.Token))
            {
                if (UrlLine().Match(line) is { Success: true } match)
                {
                    server.Url = new Uri(match.Groups[1].Value);
                    return server;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Reported below with the stderr.
        }

        var stderr = server.StandardError;
        await server.DisposeAsync();
        throw new InvalidOperationException($"mcpgate serve --http printed no URL; stderr:\n{stderr}");
    }

    /// <summary>Waits until a line of the server's stderr contains <paramref name="text"/> (polling what it printed so far).</summary>
    public async Task WaitForLogAsync(string text, CancellationToken cancellationToken)
    {
        while (!StandardError.Contains(text, StringComparison.Ordinal))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the server exited before logging '{text}'; stderr:\n{StandardError}");
            }

            await Task.Delay(50, cancellationToken);
        }
    }

    /// <summary>Runs <c>mcpgate tokens create</c> and adds the line it prints to the policy directory's tokens.yaml; returns the token.</summary>
    public static async Task<string> CreateTokenAsync(string policies, string identity, string? groups = null)
    {
        string[] arguments = groups is null
            ? ["tokens", "create", "--identity", identity, "--policies", policies]
            : ["tokens", "create", "--identity", identity, "--groups", groups, "--policies", policies];
        var result = await McpGateCli.RunAsync(arguments);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"tokens create failed: {result.StandardError}");
        }

        var path = Path.Combine(policies, "tokens.yaml");
        var line = result.StandardError.Split('\n').Single(l => l.StartsWith("  - {", StringComparison.Ordinal));
        var text = File.Exists(path) ? await File.ReadAllTextAsync(path) : "tokens:\n";
        await File.WriteAllTextAsync(path, text + line.TrimEnd('\r') + "\n");
        return result.StandardOutput.Trim();
    }

    /// <summary>Stops the server with SIGTERM (killing it after 20 s). Safe to call twice.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (!_process.HasExited)
        {
            await ProcessRunner.RunAsync("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(10));
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        _process.Dispose();
    }

    [GeneratedRegex(@"serving MCP over HTTP at (https?://\S+/mcp)")]
    private static partial Regex UrlLine();
}
