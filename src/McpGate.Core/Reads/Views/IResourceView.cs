using System.Text.Json.Nodes;

namespace McpGate.Core.Reads.Views;

/// <summary>How read tools show objects of one resource: a table row, a list item, and one object in detail.</summary>
public interface IResourceView
{
    /// <summary>Table headers, kubectl style (<c>NAME</c>, <c>READY</c>, <c>AGE</c>); the namespace column is added by lists across namespaces.</summary>
    IReadOnlyList<string> Columns { get; }

    /// <summary>One table row, a cell per column.</summary>
    IReadOnlyList<string> Row(JsonObject obj, DateTimeOffset now);

    /// <summary>A list item in structured content: what the row says, typed, plus identifiers.</summary>
    JsonObject Summary(JsonObject obj, DateTimeOffset now);

    /// <summary>One object in full, redacted (<see cref="Redaction"/>).</summary>
    JsonObject Detail(JsonObject obj, DateTimeOffset now);
}
