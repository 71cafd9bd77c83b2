using System.Text.Json.Nodes;

namespace McpGate.Sandbox.Resources;

/// <summary>A behaviour made of its printed columns and, optionally, defaulting: enough for plain data types.</summary>
internal sealed class TabularBehavior : ResourceBehavior
{
    private readonly Func<JsonObject, DateTimeOffset, IReadOnlyList<JsonNode?>> _cells;
    private readonly Action<JsonObject>? _defaults;

    public TabularBehavior(IReadOnlyList<TableColumn> columns, Func<JsonObject, DateTimeOffset, IReadOnlyList<JsonNode?>> cells, Action<JsonObject>? defaults = null)
    {
        Columns = columns;
        _cells = cells;
        _defaults = defaults;
    }

    public override IReadOnlyList<TableColumn> Columns { get; }

    public override void ApplyDefaults(JsonObject obj) => _defaults?.Invoke(obj);

    public override IReadOnlyList<JsonNode?> Cells(JsonObject obj, DateTimeOffset now) => _cells(obj, now);

    public static string NameOf(JsonObject obj) => Name(obj);

    public static string AgeOf(JsonObject obj, DateTimeOffset now) => Age(obj, now);
}
