using System.Globalization;
using System.Text.Json.Nodes;
using McpGate.Sandbox.Resources;

namespace McpGate.Sandbox.Api.Tables;

/// <summary>Renders objects as a meta.k8s.io/v1 Table, the form kubectl asks for when printing.</summary>
internal static class TableWriter
{
    /// <summary>Whether the Accept header asks for a Table (kubectl sends "...;as=Table;v=v1;g=meta.k8s.io,...").</summary>
    public static bool IsRequested(string? accept) =>
        accept is not null && accept.Contains("as=Table", StringComparison.OrdinalIgnoreCase);

    public static JsonObject Write(ResourceDefinition definition, IEnumerable<JsonObject> items, long revision, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(items);
        var columns = new JsonArray();
        foreach (var column in definition.Behavior.Columns)
        {
            columns.Add((JsonNode)new JsonObject
            {
                ["name"] = column.Name,
                ["type"] = column.Type,
                ["format"] = column.Format,
                ["description"] = column.Description,
                ["priority"] = column.Priority,
            });
        }

        var rows = new JsonArray();
        foreach (var item in items)
        {
            var cells = new JsonArray();
            foreach (var cell in definition.Behavior.Cells(item, now))
            {
                cells.Add(cell?.DeepClone());
            }

            rows.Add((JsonNode)new JsonObject
            {
                ["cells"] = cells,
                ["object"] = new JsonObject
                {
                    ["kind"] = "PartialObjectMetadata",
                    ["apiVersion"] = "meta.k8s.io/v1",
                    ["metadata"] = item["metadata"]?.DeepClone(),
                },
            });
        }

        return new JsonObject
        {
            ["kind"] = "Table",
            ["apiVersion"] = "meta.k8s.io/v1",
            ["metadata"] = new JsonObject { ["resourceVersion"] = revision.ToString(CultureInfo.InvariantCulture) },
            ["columnDefinitions"] = columns,
            ["rows"] = rows,
        };
    }
}
