using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using McpGate.Kubernetes.KubeConfig;

namespace McpGate.Kubernetes.Authentication;

/// <summary>
/// Runs a kubeconfig <c>exec</c> credential plugin once: no shell, args as a list, stdin closed,
/// the kubeconfig's env entries and <c>KUBERNETES_EXEC_INFO</c> added, killed with its children after a timeout;
/// children it leaves running are not waited for.
/// Errors name the plugin and include its stderr, never its stdout (which holds the token).
/// </summary>
internal sealed class ExecPluginRunner
{
    private const int MaxStderrInMessage = 500;

    /// <summary>How long output may keep arriving after the plugin exited (from children it left behind).</summary>
    private static readonly TimeSpan OutputDrainTime = TimeSpan.FromSeconds(1);

    private readonly KubeExecConfig _config;
    private readonly KubeEndpoint _endpoint;
    private readonly TimeSpan _timeout;

    public ExecPluginRunner(KubeEndpoint endpoint, TimeSpan timeout)
    {
        _endpoint = endpoint;
        _config = endpoint.Exec ?? throw new ArgumentException("The endpoint has no exec plugin.", nameof(endpoint));
        _timeout = timeout;
    }

    /// <summary>How errors name the plugin: its command and where the kubeconfig defines it.</summary>
    public string PluginName => $"exec plugin '{_config.Command}' (kubeconfig {_config.Source.File}: {_config.Source.Path}.user.exec)";

    public async Task<ExecPluginOutput> RunAsync(CancellationToken cancellationToken)
    {
        var executable = ResolveCommand();
        var start = new ProcessStartInfo(executable)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            WorkingDirectory = Directory.Exists(_config.BaseDirectory) ? _config.BaseDirectory : Environment.CurrentDirectory,
        };
        foreach (var arg in _config.Args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in _config.Env)
        {
            start.Environment[name] = value;
        }

        start.Environment["KUBERNETES_EXEC_INFO"] = ExecInfo().ToJsonString();

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            throw new KubeAuthenticationException($"{PluginName} could not be started ({executable}): {ex.Message}{Hint()}", ex);
        }

        // Not attached to anything: a plugin that tries to prompt reads end-of-file at once.
        process.StandardInput.Close();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_timeout);
        using var stopReading = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token);
        var stdout = PipeText.Start(process.StandardOutput, stopReading.Token);
        var stderr = PipeText.Start(process.StandardError, stopReading.Token);
        try
        {
            await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            cancellationToken.ThrowIfCancellationRequested();
            throw new KubeAuthenticationException($"{PluginName} did not finish within {_timeout.TotalSeconds:0.#} s and was stopped; it may be waiting for input McpGate cannot give (log in beforehand)");
        }

        // The plugin has exited. A child it left behind may still hold stdout or stderr open: give the
        // pipes a moment to drain, then use what the plugin wrote rather than wait for the child.
        try
        {
            await Task.WhenAll(stdout.Completion, stderr.Completion).WaitAsync(OutputDrainTime, deadline.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TimeoutException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            await stopReading.CancelAsync().ConfigureAwait(false);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var output = stdout.Text;
        var errors = Trim(stderr.Text);
        if (process.ExitCode != 0)
        {
            var said = errors.Length == 0 ? "no stderr output" : $"stderr: {errors}";
            throw new KubeAuthenticationException($"{PluginName} exited with code {process.ExitCode} ({said})");
        }

        return ExecCredentialParser.Parse(output, _config.ApiVersion, PluginName);
    }

    private string ResolveCommand()
    {
        var command = _config.Command;
        if (Path.IsPathRooted(command) || command.Contains('/', StringComparison.Ordinal) || command.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            var path = Path.GetFullPath(command, _config.BaseDirectory);
            return File.Exists(path) ? path : throw new KubeAuthenticationException($"{PluginName} was not found at {path}{Hint()}");
        }

        var searchPath = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var folder in searchPath.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(folder, command);
            if (File.Exists(candidate) && IsExecutable(candidate))
            {
                return candidate;
            }
        }

        throw new KubeAuthenticationException($"{PluginName} was not found on PATH{Hint()}");
    }

    private string Hint() => string.IsNullOrWhiteSpace(_config.InstallHint) ? string.Empty : $". {_config.InstallHint.Trim()}";

    private JsonObject ExecInfo()
    {
        var spec = new JsonObject { ["interactive"] = false };
        if (_config.ProvideClusterInfo)
        {
            var cluster = new JsonObject { ["server"] = _endpoint.Server.ToString().TrimEnd('/') };
            if (_endpoint.TlsServerName is { } serverName)
            {
                cluster["tls-server-name"] = serverName;
            }

            if (_endpoint.InsecureSkipTlsVerify)
            {
                cluster["insecure-skip-tls-verify"] = true;
            }

            if (_endpoint.CertificateAuthorityPem is { } ca)
            {
                cluster["certificate-authority-data"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(ca));
            }

            if (_endpoint.ProxyUrl is { } proxy)
            {
                cluster["proxy-url"] = proxy.ToString();
            }

            spec["cluster"] = cluster;
        }

        return new JsonObject { ["apiVersion"] = _config.ApiVersion, ["kind"] = "ExecCredential", ["spec"] = spec };
    }

    private static bool IsExecutable(string path) =>
        OperatingSystem.IsWindows() || (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;

    private static string Trim(string text)
    {
        var trimmed = text.Trim();
        return trimmed.Length <= MaxStderrInMessage ? trimmed : trimmed[..MaxStderrInMessage] + "...";
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }
}
