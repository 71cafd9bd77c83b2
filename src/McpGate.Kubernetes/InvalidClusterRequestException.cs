namespace McpGate.Kubernetes;

/// <summary>A write the port refuses before sending it: <see cref="Field"/> breaks <see cref="Rule"/>. Surfaces as <c>ClusterErrorKind.Invalid</c>.</summary>
internal sealed class InvalidClusterRequestException : Exception
{
    public InvalidClusterRequestException()
    {
    }

    public InvalidClusterRequestException(string message)
        : base(message)
    {
    }

    public InvalidClusterRequestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public InvalidClusterRequestException(string field, string rule)
        : base($"{field}: {rule}")
    {
        Field = field;
        Rule = rule;
    }

    /// <summary>The request field at fault, as a path: <c>patch</c>, <c>metadata.namespace</c>, <c>fieldManager</c>.</summary>
    public string Field { get; } = string.Empty;

    public string Rule { get; } = string.Empty;
}
