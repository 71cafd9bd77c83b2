namespace McpGate.Sandbox;

/// <summary>The key type of a client certificate issued by <see cref="SandboxCluster.IssueClientCertificate(string, string[])"/>.</summary>
public enum SandboxKeyAlgorithm
{
    /// <summary>ECDSA on P-256; the key PEM is SEC1 ("EC PRIVATE KEY"), as kubeadm writes it.</summary>
    EcdsaP256,

    /// <summary>RSA 2048; the key PEM is PKCS#1 ("RSA PRIVATE KEY"), as older kubeadm and minikube write it.</summary>
    Rsa2048,
}
