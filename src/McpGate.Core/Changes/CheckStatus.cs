namespace McpGate.Core.Changes;

/// <summary>Wire values of <see cref="CheckRecord.Status"/>.</summary>
public static class CheckStatus
{
    public const string Pass = "pass";

    /// <summary>Worth the approver's attention, but not a reason to deny the change.</summary>
    public const string Warn = "warn";

    /// <summary>The change is denied.</summary>
    public const string Fail = "fail";
}
