using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace McpGate.Kubernetes.Authentication;

/// <summary>What a request presents: a bearer token and/or a client certificate, valid until <see cref="ExpiresAt"/>.</summary>
internal sealed record KubeCredential
{
    public static readonly KubeCredential None = new();

    public string? Token { get; init; }

    public X509Certificate2? ClientCertificate { get; init; }

    /// <summary>When the plugin said the credential expires; null means it does not expire.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Token = ").Append(Token is null ? "<none>" : "<redacted>")
            .Append(", ClientCertificate = ").Append(ClientCertificate?.Subject ?? "<none>")
            .Append(", ExpiresAt = ").Append(ExpiresAt);
        return true;
    }
}
