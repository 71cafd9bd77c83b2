namespace McpGate.Core.Tokens;

/// <summary>A token as found in <c>tokens.yaml</c>: where it is (for errors) and which lines it occupies (for revocation).</summary>
/// <param name="Location"><c>file:line:column</c>.</param>
public sealed record AgentTokenEntry(AgentToken Token, string Location, int FirstLine, int LastLine);
