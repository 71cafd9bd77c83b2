namespace McpGate.Server.Notifications;

/// <summary>How notifications are delivered: how often the ledger is read for new entries, and how failed attempts are retried.</summary>
public sealed record NotificationOptions
{
    /// <summary>How often each notifier reads the entries after its cursor.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Attempts per notification, the first included; the last failed one is recorded as <c>gave-up</c>.</summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>The wait before the second attempt; each later wait doubles (1 s, 2 s, 4 s, 8 s by default), up to <see cref="MaxDelay"/>.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Entries read from the ledger at a time: what a notifier holds in memory at most.</summary>
    public int BatchSize { get; init; } = 100;

    /// <summary>
    /// How long a stopping gate lets an attempt already sent finish (its answer recorded, the cursor moved
    /// past it, so a restart does not send it again) before cutting it; no attempt or retry starts once
    /// the gate stops. A cut attempt is sent again after a restart.
    /// </summary>
    public TimeSpan StopGrace { get; init; } = TimeSpan.FromSeconds(5);

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Where <c>secretEnv</c> and the command's environment are read from.</summary>
    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;
}
