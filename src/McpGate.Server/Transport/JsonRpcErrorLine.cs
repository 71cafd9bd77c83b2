using System.Text.Json;
using ModelContextProtocol;

namespace McpGate.Server.Transport;

/// <summary>A JSON-RPC error response written by the gate itself, with <c>"id": null</c> when the request's id could not be read.</summary>
internal static class JsonRpcErrorLine
{
    public static byte[] Create(JsonElement? id, McpErrorCode code, string message)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("jsonrpc", "2.0");
            writer.WritePropertyName("id");
            if (id is { } value)
            {
                value.WriteTo(writer);
            }
            else
            {
                writer.WriteNullValue();
            }

            writer.WriteStartObject("error");
            writer.WriteNumber("code", (int)code);
            writer.WriteString("message", message);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
