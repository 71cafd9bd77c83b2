namespace McpGate.Server.Http;

/// <summary>A session opened, or the HTTP status, reason and (when known) wait of the refusal.</summary>
internal sealed record SessionOpening(HttpSession? Session, int Status, string? Refusal, TimeSpan? RetryAfter);
