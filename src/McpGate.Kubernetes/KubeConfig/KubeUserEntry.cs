using System.Text;

namespace McpGate.Kubernetes.KubeConfig;

/// <summary>
/// A <c>users[]</c> entry: how to authenticate. Secrets never appear in <see cref="ToString"/>.
/// Unsupported mechanisms are remembered so that selecting this user fails with a clear
/// message, while other users in the same file stay usable.
/// </summary>
public sealed record KubeUserEntry
{
    public required string Name { get; init; }

    public string? Token { get; init; }

    /// <summary>Absolute path from <c>tokenFile</c>; re-read on use because tokens rotate.</summary>
    public string? TokenFile { get; init; }

    /// <summary>PEM text from <c>client-certificate-data</c>.</summary>
    public string? ClientCertificateData { get; init; }

    public string? ClientCertificateFile { get; init; }

    /// <summary>PEM text from <c>client-key-data</c>.</summary>
    public string? ClientKeyData { get; init; }

    public string? ClientKeyFile { get; init; }

    /// <summary><c>exec</c>: a credential plugin.</summary>
    public KubeExecConfig? Exec { get; init; }

    /// <summary>The field that names an unsupported mechanism (username, password, auth-provider), if any.</summary>
    public string? UnsupportedField { get; init; }

    public required KubeConfigSource Source { get; init; }

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Name = ").Append(Name)
            .Append(", Token = ").Append(Token is null ? "<none>" : "<redacted>")
            .Append(", TokenFile = ").Append(TokenFile)
            .Append(", ClientCertificate = ").Append(ClientCertificateData is null ? ClientCertificateFile : "<data>")
            .Append(", ClientKey = ").Append(ClientKeyData is null && ClientKeyFile is null ? "<none>" : "<redacted>")
            .Append(", Exec = ").Append(Exec?.Command ?? "<none>")
            .Append(", Source = ").Append(Source);
        return true;
    }
}
