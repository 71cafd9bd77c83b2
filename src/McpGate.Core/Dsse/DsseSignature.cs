namespace McpGate.Core.Dsse;

/// <summary>One DSSE signature. <see cref="KeyId"/> is an unauthenticated hint ("" when absent).</summary>
public sealed record DsseSignature
{
    public required string KeyId { get; init; }

    public required byte[] Sig { get; init; }
}
