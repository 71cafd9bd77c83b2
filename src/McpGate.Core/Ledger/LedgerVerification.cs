namespace McpGate.Core.Ledger;

/// <summary>The outcome of <see cref="ChangeLedger.VerifyAsync"/>.</summary>
public sealed record LedgerVerification
{
    public required bool Succeeded { get; init; }

    /// <summary>How many entries were checked and found good (all of them when <see cref="Succeeded"/>).</summary>
    public required long EntriesChecked { get; init; }

    /// <summary>The sequence number of the first bad or missing entry; <see langword="null"/> on success and when the entries are intact but a change row is not.</summary>
    public long? FirstBadSequence { get; init; }

    /// <summary>Names the entry and what is wrong, e.g. <c>entry 7: entry_hash does not match its content</c>,
    /// or the change row, e.g. <c>change "chg-1": state "Approved" in the changes table is not a change state</c>.</summary>
    public string? Failure { get; init; }
}
