using System.Text;

namespace McpGate.Kubernetes.Authentication;

/// <summary>The <c>status</c> of an ExecCredential: a token, or a client certificate and key (PEM), with an optional expiry.</summary>
internal sealed record ExecPluginOutput
{
    public string? Token { get; init; }

    public string? ClientCertificatePem { get; init; }

    public string? ClientKeyPem { get; init; }

    public DateTimeOffset? ExpiresAt { get; init; }

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Token = ").Append(Token is null ? "<none>" : "<redacted>")
            .Append(", ClientCertificate = ").Append(ClientCertificatePem is null ? "<none>" : "<pem>")
            .Append(", ExpiresAt = ").Append(ExpiresAt);
        return true;
    }
}
