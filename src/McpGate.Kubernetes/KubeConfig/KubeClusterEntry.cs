namespace McpGate.Kubernetes.KubeConfig;

/// <summary>A <c>clusters[]</c> entry: where the API server is and how to trust it.</summary>
public sealed record KubeClusterEntry
{
    public required string Name { get; init; }

    public required Uri Server { get; init; }

    /// <summary>PEM text from <c>certificate-authority-data</c> (already base64-decoded).</summary>
    public string? CertificateAuthorityData { get; init; }

    /// <summary>Absolute path from <c>certificate-authority</c>, resolved against the kubeconfig's folder.</summary>
    public string? CertificateAuthorityFile { get; init; }

    public bool InsecureSkipTlsVerify { get; init; }

    public string? TlsServerName { get; init; }

    /// <summary><c>proxy-url</c>; the scheme is checked when the context is resolved (only http and https are supported).</summary>
    public Uri? ProxyUrl { get; init; }

    public required KubeConfigSource Source { get; init; }
}
