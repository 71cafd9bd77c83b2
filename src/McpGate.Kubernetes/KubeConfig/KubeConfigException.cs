namespace McpGate.Kubernetes.KubeConfig;

/// <summary>
/// A kubeconfig could not be used. The message names the file, the field and the rule,
/// e.g. <c>kubeconfig /x/config: contexts[0].context.cluster 'foo' is not defined in clusters</c>.
/// </summary>
public class KubeConfigException : Exception
{
    public KubeConfigException()
    {
    }

    public KubeConfigException(string message)
        : base(message)
    {
    }

    public KubeConfigException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public KubeConfigException(IReadOnlyList<string> errors, Exception? innerException = null)
        : base(string.Join(Environment.NewLine, errors ?? throw new ArgumentNullException(nameof(errors))), innerException)
    {
        Errors = errors;
    }

    /// <summary>Every problem found, one sentence each; all are reported at once.</summary>
    public IReadOnlyList<string> Errors { get; } = [];
}
