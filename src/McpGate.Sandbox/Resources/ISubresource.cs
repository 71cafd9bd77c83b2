using System.Text.Json.Nodes;

namespace McpGate.Sandbox.Resources;

/// <summary>A view of a parent object (status, scale) that can be read and written on its own.</summary>
internal interface ISubresource
{
    string Name { get; }

    /// <summary>Group, version and kind of the subresource's own representation.</summary>
    string Group { get; }

    string Version { get; }

    string Kind { get; }

    IReadOnlyList<string> Verbs { get; }

    /// <summary>The subresource representation of a stored parent.</summary>
    JsonObject Project(ResourceDefinition parent, JsonObject stored);

    /// <summary>The parent with the subresource body folded in; throws ApiException when invalid.</summary>
    JsonObject Merge(ResourceDefinition parent, JsonObject current, JsonObject body);
}
