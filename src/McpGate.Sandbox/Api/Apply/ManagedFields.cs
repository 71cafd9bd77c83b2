using System.Text.Json.Nodes;
using McpGate.Sandbox.Objects;

namespace McpGate.Sandbox.Api.Apply;

/// <summary>Reads and writes metadata.managedFields, and tracks ownership for ordinary writes (Update).</summary>
internal static class ManagedFields
{
    public static List<ManagedFieldsEntry> Read(JsonObject? obj) =>
        (JsonFields.FindArray(obj, "metadata", "managedFields") ?? [])
            .OfType<JsonObject>()
            .Select(e => new ManagedFieldsEntry(
                JsonFields.String(e, "manager") ?? string.Empty,
                JsonFields.String(e, "operation") ?? "Update",
                JsonFields.String(e, "apiVersion") ?? string.Empty,
                JsonFields.String(e, "time") ?? string.Empty,
                FieldSet.FromFieldsV1(e["fieldsV1"]),
                JsonFields.String(e, "subresource")))
            .ToList();

    public static JsonArray Write(IEnumerable<ManagedFieldsEntry> entries)
    {
        var array = new JsonArray();
        foreach (var entry in entries.Where(e => e.Fields.Count > 0))
        {
            var json = new JsonObject
            {
                ["manager"] = entry.Manager,
                ["operation"] = entry.Operation,
                ["apiVersion"] = entry.ApiVersion,
                ["time"] = entry.Time,
                ["fieldsType"] = "FieldsV1",
                ["fieldsV1"] = entry.Fields.ToFieldsV1(),
            };
            if (entry.Subresource is not null)
            {
                json["subresource"] = entry.Subresource;
            }

            array.Add((JsonNode)json);
        }

        return array;
    }

    /// <summary>
    /// After a create, update or non-apply patch: the fields that changed now belong to
    /// <paramref name="manager"/> (operation Update) and to nobody else; fields that are gone
    /// belong to nobody.
    /// </summary>
    public static JsonArray ForUpdate(JsonObject? before, JsonObject after, string manager, string apiVersion, string time, bool includeStatus)
    {
        var now = FieldSet.Of(after, includeStatus);
        var previous = before is null ? FieldSet.Empty : FieldSet.Of(before, includeStatus);
        var changed = now.Where(p => before is null || p.Find(before) is not { } old || !FieldSet.SameValue(old, p.Find(after)));
        var gone = previous.Except(now);
        var result = new List<ManagedFieldsEntry>();
        var mine = FieldSet.Empty;
        foreach (var entry in Read(before))
        {
            var kept = entry.Fields.Except(changed).Except(gone);
            if (entry.Manager == manager && entry.Operation == "Update" && entry.Subresource is null)
            {
                mine = kept;
                continue;
            }

            result.Add(entry with { Fields = kept });
        }

        result.Add(new ManagedFieldsEntry(manager, "Update", apiVersion, time, mine.Union(changed)));
        return Write(result);
    }
}
