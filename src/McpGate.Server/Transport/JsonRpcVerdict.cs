using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace McpGate.Server.Transport;

/// <summary>
/// What the gate does with one line from the client: pass the message on, answer it with a
/// JSON-RPC error (id null when the id could not be read), or drop it (a notification, which is
/// never answered).
/// </summary>
internal sealed record JsonRpcVerdict
{
    public JsonRpcMessage? Message { get; private init; }

    /// <summary>The error to answer with; null when forwarding or dropping.</summary>
    public McpErrorCode? Code { get; private init; }

    /// <summary>The request id to answer (string or integer), or null for JSON-RPC's "id": null.</summary>
    public JsonElement? Id { get; private init; }

    public string Reason { get; private init; } = string.Empty;

    public bool IsDropped => Message is null && Code is null;

    public static JsonRpcVerdict Forward(JsonRpcMessage message) => new() { Message = message };

    public static JsonRpcVerdict Answer(JsonElement? id, McpErrorCode code, string reason) => new() { Id = id, Code = code, Reason = reason };

    public static JsonRpcVerdict Drop(string reason) => new() { Reason = reason };
}
