using System.Text.Json.Nodes;

namespace McpGate.Sandbox.Objects;

/// <summary>What a delete did: <see cref="Pending"/> when the object stays, marked for deletion, until its finalizers are removed.</summary>
internal sealed record DeleteOutcome(JsonObject Object, bool Pending);
