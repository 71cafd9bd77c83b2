using System.Text.Json.Nodes;
using McpGate.Sandbox.Api.Patching;
using McpGate.Sandbox.Objects;
using McpGate.Sandbox.Resources;

namespace McpGate.Sandbox.Api.Apply;

/// <summary>
/// Server-side apply: merges the applied configuration into the live object, removes fields the
/// manager applied before and no longer applies (unless someone else owns them), and refuses to
/// change a field another manager owns with a different value (409 with one cause per field)
/// unless force=true, which takes the field over.
/// </summary>
internal static class ServerSideApply
{
    public const string ContentType = "application/apply-patch+yaml";

    public static JsonObject Apply(ResourceDefinition definition, string name, JsonObject? current, JsonObject applied, string manager, bool force, string time)
    {
        var includeStatus = !definition.HasStatusSubresource;
        var appliedFields = FieldSet.Of(applied, includeStatus);
        var entries = ManagedFields.Read(current);
        var conflicts = new List<(string Manager, string ApiVersion, FieldPath Path)>();
        foreach (var entry in entries.Where(e => e.Manager != manager))
        {
            foreach (var path in entry.Fields.Intersect(appliedFields).Paths.Where(p => !p.Elements[^1].StartsWith("k:", StringComparison.Ordinal)))
            {
                if (!FieldSet.SameValue(path.Find(current), path.Find(applied)))
                {
                    conflicts.Add((entry.Manager, entry.ApiVersion, path));
                }
            }
        }

        if (conflicts.Count > 0 && !force)
        {
            throw new ApiException(Conflict(definition, name, conflicts));
        }

        var merged = current is null ? (JsonObject)applied.DeepClone() : StrategicMergePatch.Apply(current.DeepClone(), applied) as JsonObject ?? [];
        var taken = new FieldSet[entries.Count];
        var previousMine = entries.FirstOrDefault(e => e.Manager == manager && e.Operation == "Apply")?.Fields ?? FieldSet.Empty;
        var othersOwn = FieldSet.Empty;
        for (var i = 0; i < entries.Count; i++)
        {
            var forced = force ? entries[i].Fields.Where(p => conflicts.Any(c => c.Manager == entries[i].Manager && c.Path.Key == p.Key)) : FieldSet.Empty;
            taken[i] = entries[i].Fields.Except(forced);
            if (entries[i].Manager != manager || entries[i].Operation != "Apply")
            {
                othersOwn = othersOwn.Union(taken[i]);
            }
        }

        foreach (var path in previousMine.Except(appliedFields).Except(othersOwn).Paths.OrderByDescending(p => p.Elements.Count))
        {
            path.Remove(merged);
        }

        var result = new List<ManagedFieldsEntry>();
        var placed = false;
        for (var i = 0; i < entries.Count; i++)
        {
            if (entries[i].Manager == manager && entries[i].Operation == "Apply")
            {
                result.Add(new ManagedFieldsEntry(manager, "Apply", definition.ApiVersion, time, appliedFields));
                placed = true;
            }
            else
            {
                result.Add(entries[i] with { Fields = taken[i] });
            }
        }

        if (!placed)
        {
            result.Add(new ManagedFieldsEntry(manager, "Apply", definition.ApiVersion, time, appliedFields));
        }

        JsonFields.Metadata(merged)["managedFields"] = ManagedFields.Write(result);
        return merged;
    }

    private static ApiStatus Conflict(ResourceDefinition definition, string name, List<(string Manager, string ApiVersion, FieldPath Path)> conflicts)
    {
        string message;
        if (conflicts.Count == 1)
        {
            var (manager, apiVersion, path) = conflicts[0];
            message = $"Apply failed with 1 conflict: conflict with \"{manager}\" using {apiVersion}: {path}";
        }
        else
        {
            var lines = conflicts.GroupBy(c => (c.Manager, c.ApiVersion))
                .Select(g => $"conflicts with \"{g.Key.Manager}\" using {g.Key.ApiVersion}:\n" + string.Join("\n", g.Select(c => $"- {c.Path}")));
            message = $"Apply failed with {conflicts.Count} conflicts: " + string.Join("\n", lines);
        }

        return new ApiStatus
        {
            Code = 409,
            Reason = "Conflict",
            Message = message,
            Name = name,
            Group = definition.Group,
            Kind = definition.Plural,
            Causes = conflicts.Select(c => new StatusCause("FieldManagerConflict", $"conflict with \"{c.Manager}\" using {c.ApiVersion}", c.Path.ToString())).ToList(),
        };
    }
}
