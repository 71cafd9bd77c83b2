namespace McpGate.Core.Ledger;

/// <summary>
/// One attempt to deliver a notification, as the ledger database keeps it: beside the entries, not in
/// the hash chain (a notification changes nothing). Holds no secret and no body: the body is rebuilt
/// from the entry it names.
/// </summary>
public sealed record NotificationAttempt
{
    /// <summary>The receiver answered 2xx, or the command exited 0.</summary>
    public const string Delivered = "delivered";

    /// <summary>This attempt failed; another follows.</summary>
    public const string Failed = "failed";

    /// <summary>This attempt failed and was the last one: the notification is not sent.</summary>
    public const string GaveUp = "gave-up";

    /// <summary>The row id, ascending in the order recorded; 0 before the record is stored.</summary>
    public long Id { get; init; }

    /// <summary>The same for every attempt of one notification (the <c>X-McpGate-Delivery</c> header), so receivers can drop repeats.</summary>
    public required string DeliveryId { get; init; }

    public required string Notifier { get; init; }

    public required string ChangeId { get; init; }

    /// <summary>The ledger entry the notification is about.</summary>
    public required long Sequence { get; init; }

    /// <summary><c>pending</c>, <c>decision</c> or <c>final</c>.</summary>
    public required string Event { get; init; }

    /// <summary>1 for the first attempt.</summary>
    public required int Attempt { get; init; }

    /// <summary><see cref="Delivered"/>, <see cref="Failed"/> or <see cref="GaveUp"/>.</summary>
    public required string Outcome { get; init; }

    /// <summary>The HTTP status, or the command's exit code; null when there was none (timeout, refused connection).</summary>
    public int? Status { get; init; }

    /// <summary>Why it failed, one line (at most 300 characters), never a secret; null when delivered.</summary>
    public string? ErrorText { get; init; }

    /// <summary>When the attempt ended, UTC, whole milliseconds.</summary>
    public required DateTimeOffset Time { get; init; }
}
