namespace McpGate.Core.Notifications;

/// <summary>
/// One notifier from <c>notifiers.yaml</c>, validated. Holds where the webhook's HMAC key is
/// (<see cref="SecretEnv"/> or <see cref="SecretFile"/>), never the key itself.
/// </summary>
public sealed record NotifierDefinition
{
    public required string Name { get; init; }

    public required NotifierKind Kind { get; init; }

    /// <summary>The events this notifier is sent; all three when the file names none.</summary>
    public required IReadOnlySet<NotificationEvent> Events { get; init; }

    /// <summary>For a webhook: https, or http to a loopback address only.</summary>
    public Uri? Url { get; init; }

    /// <summary>For a webhook: the environment variable holding the HMAC key.</summary>
    public string? SecretEnv { get; init; }

    /// <summary>For a webhook: the file holding the HMAC key (its text, trailing newline ignored).</summary>
    public string? SecretFile { get; init; }

    /// <summary>For a command: the program and its arguments, run without a shell.</summary>
    public IReadOnlyList<string> Command { get; init; } = [];

    /// <summary>How long one attempt may take before it counts as failed.</summary>
    public required TimeSpan Timeout { get; init; }

    /// <summary><c>notifiers.yaml:line:column</c>, for messages.</summary>
    public required string Location { get; init; }

    public bool Wants(NotificationEvent value) => Events.Contains(value);
}
