namespace McpGate.Kubernetes.Authentication;

/// <summary>
/// No credential could be obtained: a credential plugin is missing, failed, timed out or printed
/// something unusable, or a token file cannot be read. The message names the plugin or file and
/// never contains a token.
/// </summary>
public class KubeAuthenticationException : Exception
{
    public KubeAuthenticationException()
    {
    }

    public KubeAuthenticationException(string message)
        : base(message)
    {
    }

    public KubeAuthenticationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
