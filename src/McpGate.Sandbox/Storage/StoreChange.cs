using System.Text.Json.Nodes;

namespace McpGate.Sandbox.Storage;

/// <summary>
/// One committed write; the object is a private copy at the change's resourceVersion, and
/// <paramref name="Previous"/> the object before a modification (for watch selectors).
/// </summary>
internal sealed record StoreChange(StoreChangeType Type, ObjectKey Key, JsonObject Object, long ResourceVersion, JsonObject? Previous = null);
