namespace McpGate.Core.Policy;

/// <summary>What the gate records beyond the ledger's entries (the policy's <c>audit</c>).</summary>
public sealed record AuditSettings
{
    public static AuditSettings Default { get; } = new();

    /// <summary>Whether read tool calls go to the read log (<c>audit.recordReads</c>); on unless a policy turns it off.</summary>
    public bool RecordReads { get; init; } = true;

    /// <summary><c>file:line:column</c> of the <c>audit</c> key; empty when no policy file sets it.</summary>
    public string Location { get; init; } = string.Empty;
}
