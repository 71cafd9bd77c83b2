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
        return CreateKubeconfig(new SandboxKubeconfigOptions { ContextName = contextName });
    }

    /// <summary>
    /// A kubeconfig for this cluster with the user the options choose: another bearer token, or a
    /// client certificate (client-certificate-data / client-key-data) from <see cref="IssueClientCertificate(string, string[])"/>.
    /// </summary>
    public string CreateKubeconfig(SandboxKubeconfigOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ContextName);
        var contextName = options.ContextName;
        var user = options.Token is null && options.ClientCertificate is { } certificate
            ? new Dictionary<string, object>
            {
                ["client-certificate-data"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(certificate.CertificatePem)),
                ["client-key-data"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(certificate.PrivateKeyPem)),
            }
            : new Dictionary<string, object> { ["token"] = options.Token ?? Token };
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
                    ["user"] = user,
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
                        ["namespace"] = options.Namespace,
                    },
                },
            },
            ["current-context"] = contextName,
        };
        return new SerializerBuilder().Build().Serialize(document);
    }

    /// <summary>Writes <see cref="CreateKubeconfig(string)"/> to a file readable only by its owner (0600).</summary>
    public Task WriteKubeconfigAsync(string path, string contextName = "sandbox", CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(contextName);
        return WriteKubeconfigAsync(path, new SandboxKubeconfigOptions { ContextName = contextName }, cancellationToken);
    }

    /// <summary>Writes <see cref="CreateKubeconfig(SandboxKubeconfigOptions)"/> to a file readable only by its owner (0600).</summary>
    public async Task WriteKubeconfigAsync(string path, SandboxKubeconfigOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var content = CreateKubeconfig(options);
        var fileOptions = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        var stream = new FileStream(path, fileOptions);
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
