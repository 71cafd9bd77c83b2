using System.Text.Json.Nodes;

namespace McpGate.Core.Operations;

/// <summary>One object of an apply's body, checked for shape and placed in the call's namespace.</summary>
internal sealed record ApplyDocument
{
    /// <summary>1-based position in the body.</summary>
    public required int Index { get; init; }

    /// <summary>The line the document starts on (1-based).</summary>
    public required long Line { get; init; }

    public required string ApiVersion { get; init; }

    public required string Kind { get; init; }

    public required string Name { get; init; }

    /// <summary>The object as it will be sent, <c>metadata.namespace</c> set to the call's namespace.</summary>
    public required JsonObject Body { get; init; }

    /// <summary><c>manifest: document 2 (line 7)</c>: how errors name the document.</summary>
    public string Where(string parameter) => $"{parameter}: document {Index} (line {Line})";
}
