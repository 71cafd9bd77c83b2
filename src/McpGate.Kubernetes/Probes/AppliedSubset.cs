using System.Text.Json.Nodes;

namespace McpGate.Kubernetes.Probes;

/// <summary>
/// Whether every field a change applied still holds in the live object: a recursive subset check.
/// A null in the request means "removed" and holds when the field is absent or null; a list whose
/// elements carry a <c>name</c> is matched element by element by name (containers, env, ports),
/// any other list must be equal. Patch directives (<c>$patch</c>, <c>$setElementOrder/...</c>),
/// <c>status</c> (a write to the object never sets it) and the server-owned metadata an exported
/// object carries (resourceVersion, uid, generation, creationTimestamp, managedFields) are skipped.
/// </summary>
internal static class AppliedSubset
{
    private static readonly HashSet<string> s_serverOwned = new(StringComparer.Ordinal) { "resourceVersion", "uid", "generation", "creationTimestamp", "managedFields", "selfLink" };

    /// <summary>How many leaf values the request sets (the evidence's "fields checked").</summary>
    public static int Leaves(JsonNode? node) => node switch
    {
        JsonObject o => o.Sum(p => Leaves(p.Value)),
        JsonArray a => a.Sum(Leaves),
        _ => 1,
    };

    /// <summary>
    /// The dotted paths that do not hold, with what the object has instead; empty when all hold.
    /// With <paramref name="showValues"/> false (a Secret) only the paths are named, never a value.
    /// </summary>
    public static IReadOnlyList<string> Mismatches(JsonObject applied, JsonObject current, bool showValues = true)
    {
        ArgumentNullException.ThrowIfNull(applied);
        ArgumentNullException.ThrowIfNull(current);
        var mismatches = new List<string>();
        Compare(applied, current, string.Empty, mismatches);
        return showValues ? mismatches : [.. mismatches.Select(m => m[..m.IndexOf(": ", StringComparison.Ordinal)] + ": does not hold (value not shown)")];
    }

    private static void Compare(JsonObject applied, JsonObject? current, string path, List<string> mismatches)
    {
        foreach (var (key, want) in applied)
        {
            if (key.StartsWith('$') || (path.Length == 0 && key == "status") || (path == "metadata" && s_serverOwned.Contains(key)))
            {
                continue;
            }

            var here = path.Length == 0 ? key : $"{path}.{key}";
            var have = current?[key];
            switch (want)
            {
                case null:
                    if (have is not null)
                    {
                        mismatches.Add($"{here}: expected absent, found {Show(have)}");
                    }

                    break;
                case JsonObject wantObject:
                    Compare(wantObject, have as JsonObject, here, mismatches);
                    break;
                case JsonArray wantArray when IsNamedList(wantArray) && have is JsonArray haveArray:
                    foreach (var element in wantArray.OfType<JsonObject>())
                    {
                        var name = ObjectFields.String(element["name"]);
                        var match = haveArray.OfType<JsonObject>().FirstOrDefault(e => ObjectFields.String(e["name"]) == name);
                        if (match is null)
                        {
                            mismatches.Add($"{here}[name={name}]: expected, not present");
                        }
                        else
                        {
                            Compare(element, match, $"{here}[name={name}]", mismatches);
                        }
                    }

                    break;
                default:
                    if (!JsonNode.DeepEquals(want, have))
                    {
                        mismatches.Add($"{here}: expected {Show(want)}, found {(have is null ? "nothing" : Show(have))}");
                    }

                    break;
            }
        }
    }

    private static bool IsNamedList(JsonArray array) =>
        array.Count > 0 && array.All(e => e is JsonObject o && ObjectFields.String(o["name"]) is not null);

    private static string Show(JsonNode node)
    {
        var text = node.ToJsonString();
        return text.Length <= 80 ? text : text[..77] + "...";
    }
}
