using System.Text;

namespace McpGate.Kubernetes.KubeConfig;

/// <summary>
/// A resolved context: everything needed to open a connection, with file contents already
/// read (except <see cref="TokenFile"/>, re-read on use). Secrets never appear in <see cref="ToString"/>.
/// </summary>
public sealed record KubeEndpoint
{
    public required string ContextName { get; init; }

    public required Uri Server { get; init; }

    /// <summary>The context's namespace, or <c>default</c>.</summary>
    public string Namespace { get; init; } = "default";

    /// <summary>PEM of the certificate authorities to trust; when set, nothing else is trusted.</summary>
    public string? CertificateAuthorityPem { get; init; }

    public bool InsecureSkipTlsVerify { get; init; }

    public string? TlsServerName { get; init; }

    public string? Token { get; init; }

    public string? TokenFile { get; init; }

    public string? ClientCertificatePem { get; init; }

    public string? ClientKeyPem { get; init; }

    /// <summary>A credential plugin that supplies the token or client certificate at run time.</summary>
    public KubeExecConfig? Exec { get; init; }

    /// <summary>An http or https proxy for every request (<c>proxy-url</c>).</summary>
    public Uri? ProxyUrl { get; init; }

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("ContextName = ").Append(ContextName)
            .Append(", Server = ").Append(Server)
            .Append(", Namespace = ").Append(Namespace)
            .Append(", CertificateAuthority = ").Append(CertificateAuthorityPem is null ? "<system>" : "<pem>")
            .Append(", InsecureSkipTlsVerify = ").Append(InsecureSkipTlsVerify)
            .Append(", TlsServerName = ").Append(TlsServerName)
            .Append(", Token = ").Append(Token is null ? "<none>" : "<redacted>")
            .Append(", TokenFile = ").Append(TokenFile)
            .Append(", ClientCertificate = ").Append(ClientCertificatePem is null ? "<none>" : "<pem>")
            .Append(", Exec = ").Append(Exec?.Command ?? "<none>")
            .Append(", Proxy = ").Append(ProxyUrl is null ? "<none>" : $"{ProxyUrl.Scheme}://{ProxyUrl.Authority}");
        return true;
    }
}
