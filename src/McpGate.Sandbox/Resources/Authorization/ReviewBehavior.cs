using System.Text.Json.Nodes;

namespace McpGate.Sandbox.Resources.Authorization;

/// <summary>Self-reviews are answered, never stored, so they need no columns.</summary>
internal sealed class ReviewBehavior : ResourceBehavior
{
    public override IReadOnlyList<TableColumn> Columns { get; } = [];

    public override IReadOnlyList<JsonNode?> Cells(JsonObject obj, DateTimeOffset now) => [];
}
