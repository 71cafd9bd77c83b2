namespace McpGate.Core.Policy;

/// <summary>What one policy file contributes, with locations for errors found when files are merged.</summary>
internal sealed record PolicyFile
{
    public List<Located<Approver>> Approvers { get; } = [];

    /// <summary>Each approver's public key as written, in the order of <see cref="Approvers"/>, located at the key.</summary>
    public List<Located<string>> ApproverKeys { get; } = [];

    public List<Located<PolicyRule>> Rules { get; } = [];

    public List<Located<FreezeWindow>> FreezeWindows { get; } = [];

    /// <summary>Every group a rule names, located at the group string.</summary>
    public List<Located<string>> GroupReferences { get; } = [];

    public Located<TimeSpan>? ApprovalExpiry { get; set; }

    public Located<ReadScope>? ReadScope { get; set; }

    public Located<AuditSettings>? Audit { get; set; }
}
