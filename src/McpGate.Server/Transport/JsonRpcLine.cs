namespace McpGate.Server.Transport;

/// <summary>One line read from the client: its bytes, or the fact that it was longer than the gate accepts.</summary>
internal readonly record struct JsonRpcLine(ReadOnlyMemory<byte> Bytes, bool Oversized)
{
    public static JsonRpcLine TooLong => new(ReadOnlyMemory<byte>.Empty, Oversized: true);
}
