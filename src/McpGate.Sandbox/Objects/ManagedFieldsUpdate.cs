using System.Text.Json.Nodes;

namespace McpGate.Sandbox.Objects;

/// <summary>Computes an object's new metadata.managedFields from the stored object (null on create) and the proposed one.</summary>
internal delegate JsonNode? ManagedFieldsUpdate(JsonObject? current, JsonObject proposed);
