using System.Diagnostics;

namespace McpGate.Sandbox.Tests.Kubectl;

/// <summary>Runs the real kubectl against a kubeconfig, with a timeout and a private cache dir.</summary>
internal sealed class KubectlRunner : IDisposable
{
    public const string KubectlPath = "/usr/bin/kubectl";
    private readonly string _directory;

    private KubectlRunner(string directory, string kubeconfig)
    {
        _directory = directory;
        Kubeconfig = kubeconfig;
    }

    public string Kubeconfig { get; }

    public static Task<KubectlRunner> CreateAsync(SandboxCluster cluster) =>
        CreateAsync(cluster, new SandboxKubeconfigOptions());

    public static async Task<KubectlRunner> CreateAsync(SandboxCluster cluster, SandboxKubeconfigOptions options)
    {
        if (!File.Exists(KubectlPath))
        {
            throw new InvalidOperationException($"The kubectl tests need kubectl v1.32 at {KubectlPath}; it is missing.");
        }

        var directory = Directory.CreateTempSubdirectory("mcpgate-kubectl-").FullName;
        var kubeconfig = Path.Combine(directory, "kubeconfig");
        await cluster.WriteKubeconfigAsync(kubeconfig, options);
        return new KubectlRunner(directory, kubeconfig);
    }

    public async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] arguments)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var start = new ProcessStartInfo(KubectlPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("--kubeconfig");
        start.ArgumentList.Add(Kubeconfig);
        start.ArgumentList.Add("--cache-dir");
        start.ArgumentList.Add(Path.Combine(_directory, "cache"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["HOME"] = _directory;
        start.Environment.Remove("KUBECONFIG");
        using var process = Process.Start(start) ?? throw new InvalidOperationException("kubectl did not start");
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"kubectl {string.Join(' ', arguments)} did not finish within 30 s");
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Writes a file (a manifest) into the runner's private directory and returns its path.</summary>
    public async Task<string> WriteFileAsync(string name, string content)
    {
        var path = Path.Combine(_directory, name);
        await File.WriteAllTextAsync(path, content);
        return path;
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
