namespace McpGate.Core.Proofs;

/// <summary>Identifiers of the in-toto documents McpGate signs.</summary>
public static class ProofFormat
{
    public const string StatementType = "https://in-toto.io/Statement/v1";
    public const string PayloadType = "application/vnd.in-toto+json";
    public const string ProofPredicateType = "https://mcpgate.dev/attestations/change-proof/v1";
    public const string ApprovalPredicateType = "https://mcpgate.dev/attestations/approval/v1";
}
