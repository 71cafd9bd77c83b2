namespace McpGate.Sandbox;

/// <summary>
/// A client certificate signed by the cluster's CA: the sandbox authenticates it as
/// <see cref="User"/> (the subject CN) in <see cref="Groups"/> (the subject O values).
/// </summary>
public sealed record SandboxClientCertificate
{
    public required string User { get; init; }

    public required IReadOnlyList<string> Groups { get; init; }

    /// <summary>The certificate ("CERTIFICATE" PEM), for client-certificate-data.</summary>
    public required string CertificatePem { get; init; }

    /// <summary>The private key PEM, for client-key-data; its form follows <see cref="SandboxKeyAlgorithm"/>.</summary>
    public required string PrivateKeyPem { get; init; }
}
