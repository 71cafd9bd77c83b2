namespace McpGate.Sandbox;

/// <summary>What <see cref="SandboxCluster.CreateKubeconfig(SandboxKubeconfigOptions)"/> puts in the kubeconfig's user and context.</summary>
public sealed record SandboxKubeconfigOptions
{
    /// <summary>Name of the cluster, user and context entries (and the current context).</summary>
    public string ContextName { get; init; } = "sandbox";

    /// <summary>The context's namespace.</summary>
    public string Namespace { get; init; } = "demo";

    /// <summary>
    /// A bearer token for the user; null means the cluster's own <see cref="SandboxCluster.Token"/>
    /// unless <see cref="ClientCertificate"/> is set. Use one of <see cref="SandboxOptions.AdditionalTokens"/> for another identity.
    /// </summary>
    public string? Token { get; init; }

    /// <summary>When set (and <see cref="Token"/> is not), the user authenticates with this certificate (client-certificate-data / client-key-data).</summary>
    public SandboxClientCertificate? ClientCertificate { get; init; }
}
