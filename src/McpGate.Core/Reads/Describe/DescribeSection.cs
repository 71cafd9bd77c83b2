using System.Text.Json.Nodes;

namespace McpGate.Core.Reads.Describe;

/// <summary>
/// One part of a describe answer: facts about the object (no title) or related state (<c>ReplicaSets</c>,
/// <c>Containers</c>, <c>Endpoints</c>), as text for the model and data for structured content.
/// </summary>
public sealed record DescribeSection(string Title, string Text, JsonNode? Data);
