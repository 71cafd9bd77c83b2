namespace McpGate.Core.Changes;

/// <summary>Wire values of <see cref="CheckRecord.Status"/>.</summary>
public static class CheckStatus
{
    public const string Pass = "pass";
    public const string Fail = "fail";
}
