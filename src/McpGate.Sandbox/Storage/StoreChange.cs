using System.Text.Json.Nodes;

namespace McpGate.Sandbox.Storage;

/// <summary>One committed write; the object is a private copy at the change's resourceVersion.</summary>
internal sealed record StoreChange(StoreChangeType Type, ObjectKey Key, JsonObject Object, long ResourceVersion);
