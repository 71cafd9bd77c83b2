using Microsoft.Extensions.Logging;

namespace McpGate.Testing.Logging;

/// <summary>One line a <see cref="LogCollector{T}"/> kept.</summary>
public sealed record LoggedEntry(LogLevel Level, int EventId, string Message, Exception? Exception);
