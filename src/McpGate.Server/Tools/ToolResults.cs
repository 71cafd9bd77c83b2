using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using McpGate.Core.Json;
using McpGate.Core.Ledger;
using ModelContextProtocol.Protocol;

namespace McpGate.Server.Tools;

/// <summary>Builds tool results: structured content plus the same JSON as text for older clients.</summary>
internal static class ToolResults
{
    // Models read the text literally: write '>' and '+' as themselves, not \u003E. It is JSON
    // in a text block, never HTML, so the relaxed encoder is safe here.
    private static readonly JsonSerializerOptions s_indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static CallToolResult Success(JsonObject structured) => new()
    {
        IsError = false,
        StructuredContent = JsonSerializer.SerializeToElement(structured, NodeJsonContext.Default.JsonObject),
        Content = [new TextContentBlock { Text = structured.ToJsonString(s_indented) }],
    };

    /// <summary>A read's answer: its compact text for the model, its full data as structured content.</summary>
    public static CallToolResult Read(McpGate.Core.Reads.ReadResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new CallToolResult
        {
            IsError = false,
            StructuredContent = JsonSerializer.SerializeToElement(result.Data, NodeJsonContext.Default.JsonObject),
            Content = [new TextContentBlock { Text = result.Text }],
        };
    }

    /// <summary>What the agent is told while the ledger cannot be written (or read).</summary>
    public static string LedgerUnavailable(LedgerStorageException fault) =>
        $"The gate cannot use its ledger: {fault.Message}. Nothing was recorded and nothing was changed. " +
        "Tell the operator; call again once they have fixed the storage.";

    /// <summary>The text of a tool error for a ledger row the gate does not recognise (edited or damaged outside it).</summary>
    public static string LedgerDamaged(LedgerCorruptException corruption) =>
        $"The gate cannot read its ledger: {corruption.Message}. Nothing was changed. Tell the operator.";

    /// <summary>A tool error the model should read: what was wrong and what to do next.</summary>
    public static CallToolResult Error(string message) => new()
    {
        IsError = true,
        Content = [new TextContentBlock { Text = message }],
    };
}
