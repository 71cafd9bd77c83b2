using System.Text.Json.Nodes;

namespace McpGate.Core.Diff;

/// <summary>An element of a list-map with its selector (<c>name=web</c>) and its index in the list.</summary>
internal readonly record struct KeyedElement(string Selector, int Index, JsonObject Element);
