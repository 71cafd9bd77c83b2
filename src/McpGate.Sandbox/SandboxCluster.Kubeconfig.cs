using System.Text;
using YamlDotNet.Serialization;

namespace McpGate.Sandbox;

public sealed partial class SandboxCluster
{
    /// <summary>
    /// A kubeconfig for this cluster: the HTTPS endpoint with its CA, the bearer token, a context
    /// with namespace demo, made current. HTTPS because client-go drops credentials for http servers.
    /// </summary>
    public string CreateKubeconfig(string contextName = "sandbox")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(contextName);
        var document = new Dictionary<string, object>
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Config",
            ["clusters"] = new[]
            {
                new Dictionary<string, object>
                {
                    ["name"] = contextName,
                    ["cluster"] = new Dictionary<string, object>
                    {
                        ["server"] = SecureBaseAddress.ToString().TrimEnd('/'),
                        ["certificate-authority-data"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(CertificateAuthorityPem)),
                    },
                },
            },
            ["users"] = new[]
            {
                new Dictionary<string, object>
                {
                    ["name"] = contextName,
                    ["user"] = new Dictionary<string, object> { ["token"] = Token },
                },
            },
            ["contexts"] = new[]
            {
                new Dictionary<string, object>
                {
                    ["name"] = contextName,
                    ["context"] = new Dictionary<string, object>
                    {
                        ["cluster"] = contextName,
                        ["user"] = contextName,
                        ["namespace"] = Seeding.DemoSeed.DemoNamespace,
                    },
                },
            },
            ["current-context"] = contextName,
        };
        return new SerializerBuilder().Build().Serialize(document);
    }

    /// <summary>Writes <see cref="CreateKubeconfig"/> to a file readable only by its owner (0600).</summary>
    public async Task WriteKubeconfigAsync(string path, string contextName = "sandbox", CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var content = CreateKubeconfig(contextName);
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        var stream = new FileStream(path, options);
        await using (stream.ConfigureAwait(false))
        {
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(stream.SafeFileHandle, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            var writer = new StreamWriter(stream);
            await using (writer.ConfigureAwait(false))
            {
                await writer.WriteAsync(content.AsMemory(), cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
