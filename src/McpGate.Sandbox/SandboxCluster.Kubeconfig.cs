using System.Text;
using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

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
            ? Mapping(
                ("client-certificate-data", Scalar(Convert.ToBase64String(Encoding.UTF8.GetBytes(certificate.CertificatePem)))),
                ("client-key-data", Scalar(Convert.ToBase64String(Encoding.UTF8.GetBytes(certificate.PrivateKeyPem)))))
            : Mapping(("token", Scalar(options.Token ?? Token)));
        var document = Mapping(
            ("apiVersion", Scalar("v1")),
            ("kind", Scalar("Config")),
            ("clusters", new YamlSequenceNode(Mapping(
                ("name", Scalar(contextName)),
                ("cluster", Mapping(
                    ("server", Scalar(SecureBaseAddress.ToString().TrimEnd('/'))),
                    ("certificate-authority-data", Scalar(Convert.ToBase64String(Encoding.UTF8.GetBytes(CertificateAuthorityPem))))))))),
            ("users", new YamlSequenceNode(Mapping(("name", Scalar(contextName)), ("user", user)))),
            ("contexts", new YamlSequenceNode(Mapping(
                ("name", Scalar(contextName)),
                ("context", Mapping(
                    ("cluster", Scalar(contextName)),
                    ("user", Scalar(contextName)),
                    ("namespace", Scalar(options.Namespace))))))),
            ("current-context", Scalar(contextName)));

        // The representation model, not the object serializer: no reflection, so a NativeAOT build writes it too.
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        new YamlStream(new YamlDocument(document)).Save(text, assignAnchors: false);

        // The stream ends its one document explicitly ("..."); a kubeconfig has no need of it.
        var yaml = text.ToString();
        return yaml.EndsWith("...\n", StringComparison.Ordinal) ? yaml[..^"...\n".Length] : yaml;
    }

    /// <summary>
    /// A plain scalar where YAML reads it back as the same string; double-quoted where a reader would take it for a
    /// number, a boolean or null (a token made only of digits, a context named "true").
    /// </summary>
    private static YamlScalarNode Scalar(string value) =>
        new(value) { Style = LooksLikeAnotherType(value) ? ScalarStyle.DoubleQuoted : ScalarStyle.Any };

    private static bool LooksLikeAnotherType(string value) =>
        value.Length == 0
        || double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
        || value.StartsWith("0x", StringComparison.OrdinalIgnoreCase) || value.StartsWith("0o", StringComparison.OrdinalIgnoreCase)
        || value.ToUpperInvariant() is "TRUE" or "FALSE" or "YES" or "NO" or "ON" or "OFF" or "Y" or "N" or "NULL" or "~" or ".INF" or "-.INF" or "+.INF" or ".NAN";

    private static YamlMappingNode Mapping(params (string Key, YamlNode Value)[] entries)
    {
        var mapping = new YamlMappingNode();
        foreach (var (key, value) in entries)
        {
            mapping.Add(new YamlScalarNode(key), value);
        }

        return mapping;
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
