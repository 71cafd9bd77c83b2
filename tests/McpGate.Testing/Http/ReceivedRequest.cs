namespace McpGate.Testing.Http;

/// <summary>One request as the receiver got it.</summary>
public sealed record ReceivedRequest(IReadOnlyDictionary<string, string> Headers, string? ContentType, byte[] Body);
