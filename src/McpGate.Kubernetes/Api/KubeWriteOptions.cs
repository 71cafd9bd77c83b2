namespace McpGate.Kubernetes.Api;

/// <summary>Query options every create and patch takes: <c>dryRun=All</c> and <c>fieldManager</c>.</summary>
public sealed record KubeWriteOptions
{
    /// <summary>Run admission and validation only (<c>dryRun=All</c>): nothing is persisted.</summary>
    public bool DryRun { get; init; }

    /// <summary>Recorded in <c>metadata.managedFields</c> as the writer; null lets the server name it from the User-Agent.</summary>
    public string? FieldManager { get; init; }
}
