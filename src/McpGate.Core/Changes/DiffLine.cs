using System.Text.Json.Nodes;

namespace McpGate.Core.Changes;

/// <summary>One field the change alters: its path, the observed value and the value after the dry run.</summary>
public sealed record DiffLine
{
    public required string Path { get; init; }

    public JsonNode? From { get; init; }

    public JsonNode? To { get; init; }

    public override string ToString() => $"{Path}: {Show(From)} -> {Show(To)}";

    private static string Show(JsonNode? value) => value?.ToJsonString() ?? "(unset)";
}
