namespace McpGate.Sandbox.Objects;

/// <summary>DeleteOptions.preconditions: the delete happens only if the object still matches.</summary>
internal sealed record DeletePreconditions(string? Uid, string? ResourceVersion);
