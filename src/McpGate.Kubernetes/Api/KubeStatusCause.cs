namespace McpGate.Kubernetes.Api;

/// <summary>One entry of <c>status.details.causes</c>: e.g. field <c>spec.replicas</c> with reason <c>FieldValueInvalid</c>.</summary>
public sealed record KubeStatusCause
{
    public string? Reason { get; init; }

    public string? Message { get; init; }

    public string? Field { get; init; }

    public override string ToString() => Field is null ? $"{Message}" : $"{Field}: {Message}";
}
