using System.Text;
using McpGate.Kubernetes.KubeConfig;
using McpGate.Testing.Files;

namespace McpGate.Kubernetes.Tests.Support;

/// <summary>
/// Writes a bash credential plugin into a temp folder, plus a kubeconfig that points the sandbox's
/// HTTPS endpoint at it. Every run appends a line to <see cref="CallsFile"/>, so tests count runs.
/// </summary>
internal sealed class ExecPluginScript : IDisposable
{
    private readonly TempDirectory _dir = new();

    public ExecPluginScript()
    {
        CallsFile = System.IO.Path.Combine(_dir.Path, "calls.log");
    }

    public string Directory => _dir.Path;

    public string CallsFile { get; }

    public int Calls => File.Exists(CallsFile) ? File.ReadAllLines(CallsFile).Length : 0;

    /// <summary>An ExecCredential JSON document.</summary>
    public static string Credential(string apiVersion, string token, DateTimeOffset? expiresAt = null) =>
        "{\"apiVersion\":\"" + apiVersion + "\",\"kind\":\"ExecCredential\",\"status\":{\"token\":\"" + token + "\""
        + (expiresAt is { } e ? ",\"expirationTimestamp\":\"" + e.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture) + "\"" : string.Empty)
        + "}}";

    /// <summary>Writes an executable script <paramref name="name"/> whose body runs after the call is counted.</summary>
    public string WriteScript(string name, string body)
    {
        var path = _dir.Write(name, $"#!/bin/bash\necho call >> '{CallsFile}'\nn=$(wc -l < '{CallsFile}')\n{body}\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return path;
    }

    /// <summary>A script that prints <paramref name="json"/> on every run.</summary>
    public string WritePrinting(string name, string json) => WriteScript(name, $"cat <<'JSON'\n{json}\nJSON");

    /// <summary>A kubeconfig for the sandbox whose user runs <paramref name="command"/>; extra YAML lines go under <c>exec:</c>.</summary>
    public KubeEndpoint Endpoint(Uri server, string caPem, string command, string apiVersion = KubeExecConfig.ApiVersionV1, string extra = "")
    {
        var yaml = new StringBuilder()
            .AppendLine("apiVersion: v1")
            .AppendLine("kind: Config")
            .AppendLine("current-context: exec")
            .AppendLine("clusters:")
            .AppendLine("- name: sandbox")
            .AppendLine("  cluster:")
            .AppendLine($"    server: {server.ToString().TrimEnd('/')}")
            .AppendLine($"    certificate-authority-data: {Convert.ToBase64String(Encoding.UTF8.GetBytes(caPem))}")
            .AppendLine("users:")
            .AppendLine("- name: plugin")
            .AppendLine("  user:")
            .AppendLine("    exec:")
            .AppendLine($"      apiVersion: {apiVersion}")
            .AppendLine($"      command: {command}")
            .AppendLine("      interactiveMode: Never")
            .Append(extra)
            .AppendLine("contexts:")
            .AppendLine("- name: exec")
            .AppendLine("  context: {cluster: sandbox, user: plugin, namespace: demo}")
            .ToString();
        var path = _dir.Write("kubeconfig", yaml);
        return KubeConfigLoader.Load(path).Resolve();
    }

    public void Dispose() => _dir.Dispose();
}
