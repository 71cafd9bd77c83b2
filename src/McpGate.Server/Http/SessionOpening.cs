namespace McpGate.Server.Http;

/// <summary>
/// A session opened and already in use (<paramref name="Lease"/>, for its initialize), or the HTTP
/// status, reason and (when known) wait of the refusal.
/// </summary>
internal sealed record SessionOpening(HttpSession? Session, IDisposable? Lease, int Status, string? Refusal, TimeSpan? RetryAfter);
