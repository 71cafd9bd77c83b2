namespace McpGate.Core.Ledger;

/// <summary>
/// A transition's claim condition failed: another executor holds the change and is not gone,
/// or the caller no longer holds it. Nothing was written.
/// </summary>
public sealed class ExecutorClaimException : Exception
{
    public ExecutorClaimException(string changeId, ExecutorClaim? holder, string message)
        : base(message)
    {
        ChangeId = changeId;
        Holder = holder;
    }

    public string ChangeId { get; }

    /// <summary>The claim found, or <see langword="null"/> when the change is unclaimed.</summary>
    public ExecutorClaim? Holder { get; }
}
