namespace McpGate.Core.Policy;

/// <summary>A parsed value with where it came from (<c>file:line:column: field</c>), for errors found when files are merged.</summary>
internal sealed record Located<T>(T Value, string Where);
