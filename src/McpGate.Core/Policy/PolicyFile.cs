namespace McpGate.Core.Policy;

/// <summary>What one policy file contributes, with locations for errors found when files are merged.</summary>
internal sealed record PolicyFile
{
    public List<Located<Approver>> Approvers { get; } = [];

    public List<Located<PolicyRule>> Rules { get; } = [];

    public List<Located<FreezeWindow>> FreezeWindows { get; } = [];

    /// <summary>Every group a rule names, located at the group string.</summary>
    public List<Located<string>> GroupReferences { get; } = [];

    public Located<TimeSpan>? ApprovalExpiry { get; set; }
}
